using Drover.Events;
using Drover.Hands;
using Drover.Harness.Models;

namespace Drover.Harness.Loop;

internal sealed partial class HarnessRun
{
    /// <summary>
    /// The MCP tools the model is offered in this request. Servers are connected on first need; each failure is
    /// appended once per run as <c>session.error</c> (<c>mcp_connection_failed_error</c> or
    /// <c>mcp_authentication_failed_error</c>), and the turn goes on without that server's tools.
    /// </summary>
    private async Task<IReadOnlyList<ModelTool>> McpToolsAsync(CancellationToken token)
    {
        if (_services.Mcp is not { } connector || _session.Agent.McpServers.Count == 0)
        {
            return [];
        }

        _mcp ??= connector.Open(_session, _redactor);
        var (tools, failures) = await _mcp.ListAsync(token);
        if (failures.Count > 0)
        {
            await AppendAsync([.. failures.Select(f => new SessionErrorEvent
            {
                Error = new McpSessionError(f.ErrorType)
                {
                    McpServerName = f.Server,
                    Message = f.Message,

                    // The connection is tried again when the session next starts running.
                    RetryStatus = new RetryStatus(RetryStatus.Retrying),
                },
            })], token);
        }

        return [.. tools.Select(t => t.Definition)];
    }

    /// <summary>
    /// Runs an allowed MCP call through the connector and appends <c>agent.mcp_tool_result</c>. A call an earlier run
    /// may have started is not repeated (its effects are unknown). An interrupt stops the call and appends nothing.
    /// </summary>
    private async Task RunMcpToolAsync(RunTool step, CancellationToken token)
    {
        var toolUse = step.ToolUse;
        if (step.OutcomeUnknown)
        {
            await AppendAsync([ResultFor(toolUse, ToolOutput.Text(UnknownOutcome, isError: true))], token);
            return;
        }

        if (_services.Mcp is not { } connector)
        {
            await AppendAsync([ResultFor(toolUse, ToolOutput.Text("This server has no MCP connector, so MCP tools cannot run.", isError: true))], token);
            return;
        }

        _mcp ??= connector.Open(_session, _redactor);
        using var work = _interrupts.BeginWork(_state.LastSequence, token);
        ToolOutput output;
        try
        {
            output = await _mcp.CallAsync(toolUse.Server ?? string.Empty, toolUse.Name, toolUse.Input, work.Token);
        }
        catch (OperationCanceledException) when (!token.IsCancellationRequested)
        {
            return;
        }

        await AppendAsync([ResultFor(toolUse, output)], token);
    }

    /// <summary>The secret values of the session's vaults, so that none is ever stored in an event (tokens fetched later are added as they are used).</summary>
    private async Task LoadSecretsAsync(CancellationToken token)
    {
        if (_services.Mcp?.Credentials is { } credentials && _session.VaultIds.Count > 0)
        {
            _redactor.AddRange(await credentials.SecretValuesAsync(_session.VaultIds, token));
        }
    }
}
