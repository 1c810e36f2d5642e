namespace Drover.Sessions;

/// <summary>A positional slice of a session's events.</summary>
/// <param name="Cursor">Exclusive bound: forward reads return sequences after it, backward reads sequences before it.</param>
/// <param name="Direction">Ascending or descending sequence order.</param>
/// <param name="Limit">At most this many events (1 or more).</param>
/// <param name="Types">When not null, only events of these types.</param>
public sealed record EventSlice(long Cursor, ReadDirection Direction, int Limit, IReadOnlyCollection<string>? Types = null)
{
    /// <summary>When set, only events appended at or after this time (stores keep milliseconds).</summary>
    public DateTimeOffset? AppendedFrom { get; init; }

    /// <summary>When set, only events appended before this time.</summary>
    public DateTimeOffset? AppendedBefore { get; init; }

    /// <summary>Events after <paramref name="afterSequence"/>, oldest first.</summary>
    public static EventSlice Forward(long afterSequence, int limit) => new(afterSequence, ReadDirection.Forward, limit);

    /// <summary>Events before <paramref name="beforeSequence"/> (the newest when <see cref="long.MaxValue"/>), newest first.</summary>
    public static EventSlice Backward(long beforeSequence, int limit) => new(beforeSequence, ReadDirection.Backward, limit);
}
