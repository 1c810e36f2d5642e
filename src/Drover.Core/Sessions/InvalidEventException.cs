namespace Drover.Sessions;

/// <summary>An event (or the batch) is malformed or too large; the message names the event and the rule.</summary>
public sealed class InvalidEventException(string message, bool tooLarge = false) : SessionLogException(message)
{
    /// <summary>True when the problem is size, which an HTTP layer reports as 413.</summary>
    public bool TooLarge { get; } = tooLarge;
}
