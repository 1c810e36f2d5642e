using Drover.Events;

namespace Drover.Harness.Loop;

internal sealed partial class SessionState
{
    /// <summary>
    /// The next step for a run whose own <c>session.status_running</c> is at <paramref name="currentRun"/> (null
    /// before it appended one). Deterministic in the log: a run that dies after any step is followed by one that
    /// decides the same from the same log, except that calls an earlier run may have started are not blindly repeated.
    /// </summary>
    /// <param name="currentRun">This run's <c>session.status_running</c> sequence, or null.</param>
    /// <param name="toolsRunRemotely">Built-in tools are answered by a self-hosted worker (<c>user.tool_result</c>), not run here.</param>
    /// <param name="maxRequestsPerTurn">Model requests allowed in one turn.</param>
    public Step Decide(long? currentRun, bool toolsRunRemotely, int maxRequestsPerTurn) =>
        DecideCore(currentRun, toolsRunRemotely, maxRequestsPerTurn, assumeRunning: false);

    /// <summary>
    /// What <see cref="Decide(long?, bool, int)"/> will say once the run that it asked to start
    /// (<see cref="Step.StartRun"/>) has appended its <c>session.status_running</c>, if nothing else is appended
    /// meanwhile: <see cref="Step.CallModel"/> lets the run open with the model request.
    /// </summary>
    public Step DecideOnceRunning(bool toolsRunRemotely, int maxRequestsPerTurn) =>
        DecideCore(currentRun: null, toolsRunRemotely, maxRequestsPerTurn, assumeRunning: true);

    private Step DecideCore(long? currentRun, bool toolsRunRemotely, int maxRequestsPerTurn, bool assumeRunning)
    {
        if (Terminated)
        {
            return Step.Wait;
        }

        if (OpenModelRequest is { } orphan)
        {
            return new CloseOrphanSpan(orphan);
        }

        if (_interruptNeedsIdle)
        {
            return new GoIdle(StopReasonTypes.EndTurn);
        }

        var running = assumeRunning || (currentRun is not null && ActiveRun == currentRun);
        List<string>? blocked = null;
        foreach (var toolUse in _open)
        {
            if (toolUse.Permission == "deny")
            {
                return running ? new RefuseTool(toolUse, $"The tool {toolUse.Name} is not enabled for this agent.") : Step.StartRun;
            }

            if (toolUse.Confirmation == "deny")
            {
                var message = $"Permission to use {toolUse.Name} was denied by the user." +
                    (string.IsNullOrEmpty(toolUse.DenyMessage) ? string.Empty : $" Their message: {toolUse.DenyMessage}");
                return running ? new RefuseTool(toolUse, message) : Step.StartRun;
            }

            // MCP calls always run here, on the harness side, self-hosted environment or not.
            if ((toolUse.Kind == ToolKind.BuiltIn && toolUse.Runnable && !toolsRunRemotely) || (toolUse.Kind == ToolKind.Mcp && toolUse.Runnable))
            {
                if (!running)
                {
                    return Step.StartRun;
                }

                var unknown = toolUse.RunnableUnderRun is { } run && run != currentRun;
                return new RunTool(toolUse, unknown);
            }

            if (!(toolUse.Kind is ToolKind.BuiltIn or ToolKind.Mcp && toolUse.Runnable))
            {
                (blocked ??= []).Add(toolUse.EventId);
            }
        }

        if (_open.Count > 0)
        {
            // Blocked on the client (confirmations, custom tool results) or on a self-hosted worker's results.
            if (blocked is null || SameAsCurrentBlock(blocked))
            {
                return Step.Wait;
            }

            return blocked.Count == _open.Count ? new GoIdle(StopReasonTypes.RequiresAction, blocked) : Step.Wait;
        }

        if (ResponseCalledTools || HasPendingInput)
        {
            if (RequestsThisTurn >= maxRequestsPerTurn && (ActiveRun is not null || assumeRunning))
            {
                return new GoIdle(StopReasonTypes.RetriesExhausted, Error: new PlainSessionError(SessionErrorTypes.ToolUseLimitReached)
                {
                    Message = $"The turn made {RequestsThisTurn} model requests, the limit per turn; it was stopped.",
                    RetryStatus = new RetryStatus(RetryStatus.Exhausted),
                });
            }

            return running ? Step.CallModel : Step.StartRun;
        }

        return ActiveRun is not null || assumeRunning ? new GoIdle(StopReasonTypes.EndTurn) : Step.Wait;
    }

    private bool SameAsCurrentBlock(List<string> blocked) =>
        IdleReason is { Type: StopReasonTypes.RequiresAction, EventIds: { } ids } && ids.SequenceEqual(blocked, StringComparer.Ordinal);
}
