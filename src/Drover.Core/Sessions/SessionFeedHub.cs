using System.Collections.Concurrent;

namespace Drover.Sessions;

/// <summary>
/// The in-process change feed that wakes tails: a store publishes each commit here, and every tail of
/// that session in this process receives it without polling. Stores that have other instances (PostgreSQL)
/// also publish watermarks they learn from the database's notifications.
/// </summary>
/// <remarks>Thread-safe. Publishing to a session that nobody tails costs one dictionary lookup.</remarks>
public sealed class SessionFeedHub
{
    private readonly ConcurrentDictionary<string, Feed> _feeds = new(StringComparer.Ordinal);

    /// <summary>Starts following a session; dispose the subscription to stop.</summary>
    public FeedSubscription Subscribe(string sessionId)
    {
        while (true)
        {
            var feed = _feeds.GetOrAdd(sessionId, static _ => new Feed());
            lock (feed)
            {
                if (!feed.Removed)
                {
                    feed.Subscribers++;
                    return new FeedSubscription(this, sessionId, feed, feed.Current);
                }
            }
        }
    }

    /// <summary>Publishes committed events of one session, in commit order.</summary>
    public void Publish(string sessionId, IReadOnlyList<StoredEvent> events)
    {
        if (events.Count > 0)
        {
            Append(sessionId, new FeedNode(events, events[^1].Sequence, closed: false));
        }
    }

    /// <summary>Tells tails that the session reached <paramref name="lastSequence"/> (events to be read from the store).</summary>
    public void PublishWatermark(string sessionId, long lastSequence) =>
        Append(sessionId, new FeedNode([], lastSequence, closed: false));

    /// <summary>Tells every tail in this process to re-read the store (after notifications may have been missed).</summary>
    public void PublishUnknownToAll()
    {
        foreach (var sessionId in _feeds.Keys)
        {
            PublishWatermark(sessionId, long.MaxValue);
        }
    }

    /// <summary>Ends every tail of a deleted session.</summary>
    public void Close(string sessionId) => Append(sessionId, new FeedNode([], long.MaxValue, closed: true));

    private void Append(string sessionId, FeedNode node)
    {
        if (!_feeds.TryGetValue(sessionId, out var feed))
        {
            return;
        }

        FeedNode previous;
        lock (feed)
        {
            previous = feed.Current;
            feed.Current = node;
        }

        previous.Link(node);
    }

    internal void Unsubscribe(string sessionId, Feed feed)
    {
        lock (feed)
        {
            if (--feed.Subscribers == 0)
            {
                feed.Removed = true;
                _feeds.TryRemove(new KeyValuePair<string, Feed>(sessionId, feed));
            }
        }
    }

    internal sealed class Feed
    {
        // Each feed needs its own start node: a node is linked to exactly one successor.
        public FeedNode Current { get; set; } = new([], 0, closed: false);

        public int Subscribers { get; set; }

        public bool Removed { get; set; }
    }
}
