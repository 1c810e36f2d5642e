using System.Collections.Frozen;
using Drover.Hands;
using Drover.Sandbox.Egress;
using Drover.Sandbox.Sandboxes;
using Drover.Sandbox.Tools;
using Drover.Sandbox.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Drover.Sandbox;

/// <summary>
/// The built-in toolset on this host: <c>bash</c> in the session's sandbox (provisioned lazily, replaced when it
/// dies), the file tools on the session's workspace from the host side (confined to it), <c>web_fetch</c> under the
/// environment's network policy, and <c>web_search</c> when a provider is registered.
/// </summary>
internal sealed partial class SandboxHands : IHands
{
    private readonly FrozenDictionary<string, IBuiltInToolHandler> _tools;
    private readonly SessionSandboxes _sandboxes;
    private readonly WorkspaceStore _workspaces;
    private readonly SandboxOptions _options;
    private readonly ILogger<SandboxHands> _logger;

    public SandboxHands(
        SessionSandboxes sandboxes,
        WorkspaceStore workspaces,
        ISandboxProvider provider,
        EgressConnector connector,
        IOptions<SandboxOptions> options,
        ILogger<SandboxHands> logger,
        IWebSearchProvider? webSearch = null)
    {
        (_sandboxes, _workspaces, _options, _logger) = (sandboxes, workspaces, options.Value, logger);
        IBuiltInToolHandler[] tools =
        [
            new BashTool(sandboxes, options), new ReadTool(), new WriteTool(), new EditTool(), new GlobTool(), new GrepTool(),
            new WebFetchTool(connector), new WebSearchTool(webSearch),
        ];
        _tools = tools.ToFrozenDictionary(t => t.Definition.Name, StringComparer.Ordinal);
        Tools = [.. tools.Select(t => t.Definition)];
        if (provider.Name == SandboxProviderNames.Unsandboxed)
        {
            LogUnsandboxed(logger);
        }
    }

    public IReadOnlyList<BuiltInTool> Tools { get; }

    internal SessionSandboxes Sandboxes => _sandboxes;

    public async Task<ToolOutput> ExecuteAsync(ToolCall toolCall, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(toolCall);
        if (!_tools.TryGetValue(toolCall.Name, out var tool))
        {
            return ToolOutput.Text($"Unknown tool {toolCall.Name}; the built-in tools are {string.Join(", ", _tools.Keys)}.", isError: true);
        }

        try
        {
            var workspace = _workspaces.For(toolCall.SessionId);
            workspace.EnsureExists();
            var context = new ToolContext(toolCall, workspace, NetworkPolicy.FromEnvironmentConfig(toolCall.Recipe.EnvironmentConfig), new ToolInput(toolCall.Input));
            var output = await tool.ExecuteAsync(context, cancellationToken);
            return await OutputSpill.ApplyAsync(output, workspace, toolCall.ToolUseId, _options.SpillThreshold, cancellationToken);
        }
        catch (ToolInputException e)
        {
            return ToolOutput.Text($"Invalid input for {toolCall.Name}: {e.Message}", isError: true);
        }
        catch (WorkspaceException e)
        {
            return ToolOutput.Text(e.Message, isError: true);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ToolOutput.Text($"{toolCall.Name} failed: {e.Message}", isError: true);
        }
        catch (Exception e)
        {
            LogToolFailed(_logger, e, toolCall.Name, toolCall.SessionId);
            return ToolOutput.Text($"{toolCall.Name} failed unexpectedly ({e.GetType().Name}); the server log has the details.", isError: true);
        }
    }

    public async Task DiscardSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await _sandboxes.DiscardAsync(sessionId, cancellationToken);
        _workspaces.Delete(sessionId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "UNSANDBOXED: Sandbox:Provider=unsandboxed. Agent commands run directly on this host as the server's user, with no filesystem, network or process isolation. Use only with trusted agents on a disposable machine.")]
    private static partial void LogUnsandboxed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tool {Tool} failed unexpectedly in session {SessionId}")]
    private static partial void LogToolFailed(ILogger logger, Exception exception, string tool, string sessionId);
}
