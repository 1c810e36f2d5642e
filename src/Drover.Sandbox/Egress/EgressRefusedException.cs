namespace Drover.Sandbox.Egress;

/// <summary>The egress policy refused a destination; the message says why and is safe to show the model.</summary>
internal sealed class EgressRefusedException(string message) : Exception(message);
