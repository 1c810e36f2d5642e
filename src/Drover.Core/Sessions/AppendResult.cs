namespace Drover.Sessions;

/// <summary>The outcome of a committed append.</summary>
/// <param name="FirstSequence">The sequence given to the batch's first event.</param>
/// <param name="LastSequence">The sequence given to its last event, now the session's last sequence.</param>
/// <param name="AppendedAt">The commit time recorded on every event of the batch.</param>
public sealed record AppendResult(long FirstSequence, long LastSequence, DateTimeOffset AppendedAt);
