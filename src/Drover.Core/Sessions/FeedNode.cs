namespace Drover.Sessions;

/// <summary>
/// One link of a session's in-process change feed: what one commit published, and a task that
/// completes with the next link. Subscribers walk the chain; nodes nobody references are collected.
/// </summary>
public sealed class FeedNode
{
    private readonly TaskCompletionSource<FeedNode> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal FeedNode(IReadOnlyList<StoredEvent> events, long watermark, bool closed)
    {
        Events = events;
        Watermark = watermark;
        Closed = closed;
    }

    /// <summary>The committed events, contiguous and ascending; empty when only <see cref="Watermark"/> is known (another instance appended).</summary>
    public IReadOnlyList<StoredEvent> Events { get; }

    /// <summary>The session's last sequence is at least this: 0 on a start node, <see cref="long.MaxValue"/> when unknown (read the store).</summary>
    public long Watermark { get; }

    /// <summary>True when the session was deleted: tails end.</summary>
    public bool Closed { get; }

    /// <summary>Completes with the next node.</summary>
    public Task<FeedNode> Next => _next.Task;

    internal void Link(FeedNode next) => _next.TrySetResult(next);
}
