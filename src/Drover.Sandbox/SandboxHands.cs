using System.Collections.Frozen;
using Drover.Hands;
using Drover.Sandbox.Egress;
using Drover.Sandbox.Repositories;
using Drover.Sandbox.Sandboxes;
using Drover.Sandbox.Tools;
using Drover.Sandbox.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Drover.Sandbox;

/// <summary>
/// The built-in toolset on this host: <c>bash</c> in the session's sandbox (provisioned lazily, replaced when it
/// dies), the file tools on the session's workspace from the host side (confined to it), <c>web_fetch</c> under the
/// environment's network policy, and <c>web_search</c> when a provider is registered. The session's repositories are
/// cloned into the workspace before the first call of a tool that uses it.
/// </summary>
internal sealed partial class SandboxHands : IHands
{
    private static readonly FrozenSet<string> s_workspaceFreeTools = FrozenSet.Create(StringComparer.Ordinal, "web_fetch", "web_search");

    private readonly FrozenDictionary<string, IBuiltInToolHandler> _tools;
    private readonly SessionSandboxes _sandboxes;
    private readonly WorkspaceStore _workspaces;
    private readonly RepositoryCloner _repositories;
    private readonly SandboxOptions _options;
    private readonly ILogger<SandboxHands> _logger;

    public SandboxHands(
        SessionSandboxes sandboxes,
        WorkspaceStore workspaces,
        RepositoryCloner repositories,
        ISandboxProvider provider,
        EgressConnector connector,
        IOptions<SandboxOptions> options,
        ILogger<SandboxHands> logger,
        IWebSearchProvider? webSearch = null)
    {
        (_sandboxes, _workspaces, _repositories, _options, _logger) = (sandboxes, workspaces, repositories, options.Value, logger);
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
            var mounts = _workspaces.Mounts(toolCall.SessionId);
            if (!s_workspaceFreeTools.Contains(toolCall.Name))
            {
                UploadLinks.Ensure(mounts.Uploads, toolCall.Recipe.Files);
                await _repositories.EnsureAsync(toolCall.SessionId, workspace, toolCall.Recipe.Repositories, cancellationToken);
            }

            var context = new ToolContext(toolCall, workspace, NetworkPolicy.FromRecipe(toolCall.Recipe), new ToolInput(toolCall.Input), mounts);
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
        catch (RepositoryCloneException e)
        {
            LogCloneFailed(_logger, toolCall.SessionId, e.Message);
            return ToolOutput.Text($"{e.Message}\n\nThis {toolCall.Name} call was not run. The next tool call tries the clone again.", isError: true);
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

    public async Task ProvisionAsync(string sessionId, SandboxRecipe recipe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        if (_options.Provisioning != SandboxProvisioning.EagerBlocking)
        {
            return;
        }

        try
        {
            var workspace = _workspaces.For(sessionId);
            workspace.EnsureExists();
            UploadLinks.Ensure(_workspaces.Mounts(sessionId).Uploads, recipe.Files);
            await _repositories.EnsureAsync(sessionId, workspace, recipe.Repositories, cancellationToken);
            var network = NetworkPolicy.FromRecipe(recipe);
            await _sandboxes.WithShellAsync(sessionId, network, restart: false, _ => Task.FromResult(true), cancellationToken);
        }
        catch (Exception e) when (e is RepositoryCloneException or SandboxStartException or WorkspaceException or IOException or UnauthorizedAccessException)
        {
            // The next tool call meets the same problem and reports it to the model.
            LogProvisionFailed(_logger, sessionId, e.Message);
        }
    }

    public async Task DiscardSessionAsync(string sessionId, CancellationToken cancellationToken)
    {
        await _sandboxes.DiscardAsync(sessionId, cancellationToken);
        _repositories.Forget(sessionId);
        _workspaces.Delete(sessionId);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "UNSANDBOXED: Sandbox:Provider=unsandboxed. Agent commands run directly on this host as the server's user, with no filesystem, network or process isolation. Use only with trusted agents on a disposable machine.")]
    private static partial void LogUnsandboxed(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A repository of session {SessionId} could not be cloned: {Reason}")]
    private static partial void LogCloneFailed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Eager provisioning of session {SessionId} failed; the next tool call reports it: {Reason}")]
    private static partial void LogProvisionFailed(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Tool {Tool} failed unexpectedly in session {SessionId}")]
    private static partial void LogToolFailed(ILogger logger, Exception exception, string tool, string sessionId);
}
