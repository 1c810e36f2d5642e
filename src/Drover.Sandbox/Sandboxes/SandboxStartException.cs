namespace Drover.Sandbox.Sandboxes;

/// <summary>A sandbox could not be started; the message is safe to show the model.</summary>
internal sealed class SandboxStartException(string message) : Exception(message);
