namespace Drover.Sessions;

/// <summary>The session's last sequence was not the one the append expected: someone else appended first.</summary>
public sealed class SequenceConflictException(string sessionId, long expected, long actual)
    : SessionLogException($"Session '{sessionId}' is at sequence {actual}, not the expected {expected}.")
{
    public string SessionId { get; } = sessionId;

    public long ExpectedSequence { get; } = expected;

    public long ActualSequence { get; } = actual;
}
