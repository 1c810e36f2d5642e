using Drover.Hands;

namespace Drover.Sandbox.Tools;

/// <summary>One built-in tool: its definition for the model and how it runs.</summary>
internal interface IBuiltInToolHandler
{
    BuiltInTool Definition { get; }

    /// <summary>
    /// Runs the call. Bad input throws <see cref="ToolInputException"/>, a refused or failed file operation
    /// <see cref="Workspaces.WorkspaceException"/>; the hands turn both into error results.
    /// </summary>
    Task<ToolOutput> ExecuteAsync(ToolContext context, CancellationToken cancellationToken);
}
