using Drover.Events;
using Drover.Harness.Agents;
using Drover.Hands;

namespace Drover.Harness;

/// <summary>
/// The harness's view of the API's session objects: what a session runs (its agent snapshot and environment), and
/// where its status and usage are mirrored for <c>GET /v1/sessions/{id}</c>. The log stays the truth; the mirror is
/// written after the matching status event is appended.
/// </summary>
public interface ISessionDirectory
{
    /// <summary>The session's configuration, or null when it no longer exists.</summary>
    Task<HarnessSession?> GetAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>Mirrors the session's <c>status</c> (<c>running</c>, <c>idle</c>, <c>rescheduling</c>, <c>terminated</c>) and cumulative usage.</summary>
    Task RecordStatusAsync(string sessionId, string status, SessionUsage usage, CancellationToken cancellationToken);

    /// <summary>
    /// The session runs on a self-hosted environment and has built-in calls waiting for its worker: make sure a worker
    /// will be asked (queue a work item unless the session has a live one). Idempotent; called each time a run of such a
    /// session settles with calls open.
    /// </summary>
    Task RequestWorkerAsync(string sessionId, string environmentId, CancellationToken cancellationToken);
}

/// <summary>What a harness run needs to know about its session beyond the log.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Agent">The agent snapshot the session was created with.</param>
/// <param name="Recipe">How its sandbox is built.</param>
/// <param name="ToolsRunRemotely">True on a self-hosted environment: built-in tools are answered by the customer's worker.</param>
public sealed record HarnessSession(string SessionId, AgentConfig Agent, SandboxRecipe Recipe, bool ToolsRunRemotely)
{
    /// <summary>The session's <c>vault_ids</c>, in order: the first vault with a matching credential wins.</summary>
    public IReadOnlyList<string> VaultIds { get; init; } = [];
}
