namespace Drover.Sandbox.Tools;

/// <summary>The model's input does not fit the tool's schema; the message names the field.</summary>
internal sealed class ToolInputException(string message) : Exception(message);
