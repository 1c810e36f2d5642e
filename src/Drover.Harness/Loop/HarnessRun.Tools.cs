using Drover.Hands;

namespace Drover.Harness.Loop;

internal sealed partial class HarnessRun
{
    private const string UnknownOutcome =
        "The outcome of this call is unknown: the harness that was running it stopped before recording a result. " +
        "Check its effects (files, processes, state) before running it again.";

    /// <summary>
    /// Runs one allowed built-in call in the hands and appends its result. A call an earlier run may have started is
    /// re-run only if it is read-only; otherwise the model is told its outcome is unknown. An interrupt stops the tool
    /// (the hands stop it at a safe point) and appends nothing: the interrupt closes the call.
    /// </summary>
    private async Task RunToolAsync(RunTool step, CancellationToken token)
    {
        var toolUse = step.ToolUse;
        if (toolUse.Kind == ToolKind.Mcp)
        {
            await RunMcpToolAsync(step, token);
            return;
        }

        if (step.OutcomeUnknown && !Toolbox.IsReadOnly(_services.Hands, toolUse.Name))
        {
            await AppendAsync([ToolResult(toolUse.EventId, ToolOutput.Text(UnknownOutcome, isError: true))], token);
            return;
        }

        if (_services.Hands is not { } hands)
        {
            await AppendAsync([ToolResult(toolUse.EventId, ToolOutput.Text("No sandbox provider is configured on this server, so built-in tools cannot run (set Sandbox:Provider).", isError: true))], token);
            return;
        }

        using var work = _interrupts.BeginWork(_state.LastSequence, token);
        ToolOutput output;
        try
        {
            var config = _session.Agent.Tools.BuiltIns.TryGetValue(toolUse.Name, out var settings) ? settings.Config : null;
            output = await hands.ExecuteAsync(new ToolCall(SessionId, toolUse.EventId, toolUse.Name, toolUse.Input, _session.Recipe, config), work.Token);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return;
        }

        await AppendAsync([ToolResult(toolUse.EventId, output)], token);
    }
}
