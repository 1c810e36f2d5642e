namespace Drover.Sandbox.Workspaces;

/// <summary>A file operation the model asked for failed; <see cref="Exception.Message"/> is written for the model.</summary>
internal sealed class WorkspaceException(string message) : Exception(message);
