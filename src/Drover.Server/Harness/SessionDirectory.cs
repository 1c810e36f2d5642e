using System.Text.Json;
using Drover.Events;
using Drover.Hands;
using Drover.Harness;
using Drover.Harness.Agents;
using Drover.Resources;
using Drover.Server.Api;
using Drover.Server.SelfHosted;
using Drover.Server.Sessions;

namespace Drover.Server.Harness;

/// <summary>The harness's view of session objects, over the resource store (the harness never sees the API's documents).</summary>
internal sealed class SessionDirectory(IResourceStore resources, SessionStore sessions, WorkQueue work, TimeProvider time) : ISessionDirectory
{
    public async Task<HarnessSession?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        var record = await resources.GetAsync(StoredKinds.Session, sessionId, cancellationToken: cancellationToken);
        if (record is null)
        {
            return null;
        }

        var session = SessionJson.Deserialize(record.Data);
        var environment = await resources.GetAsync(StoredKinds.Environment, session.EnvironmentId, cancellationToken: cancellationToken);
        var config = environment is null ? default : ConfigOf(environment.Data);
        var selfHosted = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("type", out var type) && type.ValueEquals("self_hosted");
        return new HarnessSession(sessionId, AgentConfig.Parse(session.Agent), new SandboxRecipe(session.EnvironmentId, config), selfHosted);
    }

    public async Task RecordStatusAsync(string sessionId, string status, SessionUsage usage, CancellationToken cancellationToken)
    {
        try
        {
            await sessions.ChangeAsync(sessionId, doc => doc.Status == status && doc.Usage.ActiveSeconds == usage.ActiveSeconds && doc.Usage.InputTokens == usage.InputTokens && doc.Usage.OutputTokens == usage.OutputTokens
                ? null
                : doc with
                {
                    Status = status,
                    Usage = doc.Usage with
                    {
                        InputTokens = usage.InputTokens,
                        OutputTokens = usage.OutputTokens,
                        CacheReadInputTokens = usage.CacheReadInputTokens,
                        CacheCreation = usage.CacheCreation,
                        ActiveSeconds = usage.ActiveSeconds,
                    },
                    Stats = doc.Stats with { ActiveSeconds = usage.ActiveSeconds ?? doc.Stats.ActiveSeconds },
                    UpdatedAt = time.GetUtcNow(),
                }, cancellationToken);
        }
        catch (ApiException)
        {
            // Deleted meanwhile: nothing to mirror.
        }
    }

    public Task RequestWorkerAsync(string sessionId, string environmentId, CancellationToken cancellationToken) =>
        work.EnsureQueuedAsync(environmentId, sessionId, cancellationToken);

    private static JsonElement ConfigOf(string environmentJson)
    {
        using var document = JsonDocument.Parse(environmentJson);
        return document.RootElement.TryGetProperty("config", out var config) ? config.Clone() : default;
    }
}
