using Drover.Events;

namespace Drover.Harness.Loop;

/// <summary>The next thing a harness run does, decided from the session's state (<see cref="SessionState.Decide"/>).</summary>
internal abstract record Step
{
    /// <summary>Nothing to do until the client (or a self-hosted worker) sends something: settle and release the lease.</summary>
    public static readonly Step Wait = new WaitStep();

    /// <summary>Open a run: append <c>session.status_running</c>.</summary>
    public static readonly Step StartRun = new StartRunStep();

    /// <summary>Call the model with the context built from the log.</summary>
    public static readonly Step CallModel = new CallModelStep();

    private sealed record WaitStep : Step;

    private sealed record StartRunStep : Step;

    private sealed record CallModelStep : Step;
}

/// <summary>Close a model request that a dead run left open (<c>span.model_request_end</c> with <c>is_error</c>).</summary>
internal sealed record CloseOrphanSpan(string ModelRequestStartId) : Step;

/// <summary>Run a built-in tool. <paramref name="OutcomeUnknown"/>: an earlier run may have started it and died.</summary>
internal sealed record RunTool(ToolUseState ToolUse, bool OutcomeUnknown) : Step;

/// <summary>Answer a tool call without running it (denied by policy or by the client).</summary>
internal sealed record RefuseTool(ToolUseState ToolUse, string Message) : Step;

/// <summary>Go idle: <c>session.usage</c> then <c>session.status_idle</c> with this stop reason (and the blocking event ids for <c>requires_action</c>); with <c>Error</c>, a <c>session.error</c> goes first (the turn failed).</summary>
internal sealed record GoIdle(string StopReason, IReadOnlyList<string>? EventIds = null, SessionError? Error = null) : Step;
