namespace Drover.Hands;

/// <summary>
/// The hands: where a session's built-in tools (<c>agent_toolset_20260401</c>) run. The harness passes every allowed
/// built-in tool call here and appends what comes back as <c>agent.tool_result</c>; it never learns whether a sandbox
/// was provisioned, reused or replaced for the call.
/// </summary>
/// <remarks>
/// Implementations provision lazily (the first call that needs a sandbox) unless configured otherwise, never keep
/// credentials (a repository token in the recipe is used by the clone it authenticates and never reaches the
/// sandbox), and turn every failure of the sandbox (death, hang, timeout, a failed clone) into an error
/// <see cref="ToolOutput"/>; the only exception they throw is <see cref="OperationCanceledException"/> when the
/// caller cancels (an interrupt), after stopping the work at a safe point.
/// </remarks>
public interface IHands
{
    /// <summary>The built-in tools these hands run, with their model-facing definitions.</summary>
    IReadOnlyList<BuiltInTool> Tools { get; }

    /// <summary>
    /// Called by the harness when a session starts running, before its first model request of the turn, and awaited.
    /// Hands that provision lazily (the default) return at once; with eager provisioning the workspace's resources
    /// (repository clones) and the sandbox are made ready first. Failures are not thrown: the next tool call meets
    /// them and reports them in its result.
    /// </summary>
    Task ProvisionAsync(string sessionId, SandboxRecipe recipe, CancellationToken cancellationToken);

    /// <summary>Runs one tool call in the session's sandbox.</summary>
    Task<ToolOutput> ExecuteAsync(ToolCall toolCall, CancellationToken cancellationToken);

    /// <summary>Stops the session's sandbox, if any, and deletes its workspace (the session was deleted).</summary>
    Task DiscardSessionAsync(string sessionId, CancellationToken cancellationToken);
}
