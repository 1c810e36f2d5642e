using System.Text.Json;
using Drover.Events;

namespace Drover.Harness.Loop;

internal sealed partial class SessionState
{
    /// <summary>Applies one event; events at or before <see cref="LastSequence"/> are ignored (each is applied once).</summary>
    public void Apply(LoggedEvent logged)
    {
        ArgumentNullException.ThrowIfNull(logged);
        if (logged.Sequence <= LastSequence)
        {
            return;
        }

        LastSequence = logged.Sequence;
        switch (logged.Event)
        {
            case UserMessageEvent:
                _lastInput = logged.Sequence;
                _transcript.Add(logged);
                break;
            case UserInterruptEvent:
                ApplyInterrupt(logged);
                break;
            case UserToolConfirmationEvent confirmation when _toolUses.TryGetValue(confirmation.ToolUseId, out var confirmed) && !confirmed.Resolved && confirmed.Confirmation is null:
                confirmed.Confirmation = confirmation.Result;
                confirmed.DenyMessage = confirmation.DenyMessage;
                confirmed.Runnable = true;
                confirmed.RunnableUnderRun = ActiveRun;
                break;
            case UserCustomToolResultEvent result:
                Resolve(result.CustomToolUseId, logged);
                break;
            case UserToolResultEvent result:
                Resolve(result.ToolUseId, logged);
                break;
            case AgentToolResultEvent result:
                Resolve(result.ToolUseId, logged);
                break;
            case AgentMcpToolResultEvent result:
                Resolve(result.McpToolUseId, logged);
                break;
            case AgentMessageEvent or AgentThinkingEvent or AgentThreadContextCompactedEvent:
                _transcript.Add(logged);
                break;
            case AgentToolUseEvent toolUse:
                AddToolUse(logged, toolUse.Name, toolUse.Input, ToolKind.BuiltIn, toolUse.EvaluatedPermission ?? "allow");
                break;
            case AgentMcpToolUseEvent mcpToolUse:
                AddToolUse(logged, mcpToolUse.Name, mcpToolUse.Input, ToolKind.Mcp, mcpToolUse.EvaluatedPermission ?? "allow", mcpToolUse.McpServerName);
                break;
            case AgentCustomToolUseEvent customToolUse:
                AddToolUse(logged, customToolUse.Name, customToolUse.Input, ToolKind.Custom, "allow");
                break;
            case SpanModelRequestStartEvent:
                OpenModelRequest = logged.Event.Id;
                _beforeRequest = (_inputsHandledThrough, ResponseCalledTools);
                _inputsHandledThrough = logged.Sequence;
                RequestsThisTurn++;
                ResponseCalledTools = false;
                break;
            case SpanModelRequestEndEvent end:
                ApplyModelRequestEnd(logged, end);
                break;
            // An MCP server's failure is not a model retry: it must not use up the model's retries.
            case SessionErrorEvent error when error.Error.RetryStatus.Type == RetryStatus.Retrying && error.Error is not McpSessionError:
                ConsecutiveRetries++;
                break;
            case SessionStatusRunningEvent:
                StopClock(logged);
                ActiveRun = logged.Sequence;
                _inTurn = true;
                IdleReason = null;
                _runningSince = logged.AppendedAt;
                break;
            case SessionStatusRescheduledEvent:
                StopClock(logged);
                ActiveRun = null;
                break;
            case SessionStatusIdleEvent idle:
                ApplyIdle(logged, idle);
                break;
            case SessionStatusTerminatedEvent:
                StopClock(logged);
                ActiveRun = null;
                Terminated = true;
                break;
        }
    }

    private (long InputsHandledThrough, bool ResponseCalledTools) _beforeRequest;

    // From session.status_running to session.status_idle: a rescheduled session is still in its turn.
    private bool _inTurn;

    private void AddToolUse(LoggedEvent logged, string name, JsonElement input, ToolKind kind, string permission, string? server = null)
    {
        var toolUse = new ToolUseState(logged.Event.Id, name, input, kind, permission, logged.Sequence) { Server = server };
        if (kind is ToolKind.BuiltIn or ToolKind.Mcp && permission != "ask")
        {
            toolUse.Runnable = true;
            toolUse.RunnableUnderRun = ActiveRun;
        }

        _toolUses[toolUse.EventId] = toolUse;
        _open.Add(toolUse);
        _transcript.Add(logged);
        ResponseCalledTools = true;
    }

    private void Resolve(string toolUseId, LoggedEvent logged)
    {
        if (_toolUses.TryGetValue(toolUseId, out var toolUse) && !toolUse.Resolved)
        {
            toolUse.Resolved = true;
            _open.Remove(toolUse);
            _transcript.Add(logged);
        }
    }

    private void ApplyInterrupt(LoggedEvent logged)
    {
        var stoppedSomething = _inTurn || _open.Count > 0 || IdleReason?.Type == StopReasonTypes.RequiresAction;
        CloseOpenToolUses();
        _transcript.Add(logged);
        _interruptNeedsIdle |= stoppedSomething;

        // The work stops: inputs sent before the interrupt stay in the context but start no model request of their own.
        _inputsHandledThrough = Math.Max(_inputsHandledThrough, logged.Sequence);
        ResponseCalledTools = false;
    }

    private void ApplyModelRequestEnd(LoggedEvent logged, SpanModelRequestEndEvent end)
    {
        if (OpenModelRequest == end.ModelRequestStartId)
        {
            OpenModelRequest = null;
        }

        Usage.Add(end.ModelUsage);
        if (end.IsError == true)
        {
            // A failed request handled nothing: the inputs it was sent for wait for the retry.
            (_inputsHandledThrough, ResponseCalledTools) = _beforeRequest;
        }
        else
        {
            ConsecutiveRetries = 0;
        }

        _ = logged;
    }

    private void ApplyIdle(LoggedEvent logged, SessionStatusIdleEvent idle)
    {
        StopClock(logged);
        ActiveRun = null;
        _inTurn = false;
        IdleReason = idle.StopReason;
        _interruptNeedsIdle = false;
        if (idle.StopReason.Type != StopReasonTypes.RequiresAction)
        {
            RequestsThisTurn = 0;
            ConsecutiveRetries = 0;
            ResponseCalledTools = false;
        }

        if (idle.StopReason.Type == StopReasonTypes.RetriesExhausted)
        {
            // The turn is dead: its queued inputs are flushed and its unanswered calls closed.
            _inputsHandledThrough = logged.Sequence;
            CloseOpenToolUses();
        }
    }

    private void CloseOpenToolUses()
    {
        foreach (var toolUse in _open)
        {
            toolUse.Resolved = true;
            ClosedWithoutResult.Add(toolUse.EventId);
        }

        _open.Clear();
    }

    private void StopClock(LoggedEvent logged)
    {
        if (_runningSince is { } since)
        {
            ActiveSeconds += Math.Max(0, (logged.AppendedAt - since).TotalSeconds);
            _runningSince = null;
        }
    }
}
