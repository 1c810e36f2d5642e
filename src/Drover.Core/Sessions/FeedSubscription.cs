namespace Drover.Sessions;

/// <summary>A tail's place in a session's change feed; <see cref="Start"/> is the newest node at subscription time.</summary>
public sealed class FeedSubscription : IDisposable
{
    private readonly SessionFeedHub _hub;
    private readonly string _sessionId;
    private readonly SessionFeedHub.Feed _feed;
    private int _disposed;

    internal FeedSubscription(SessionFeedHub hub, string sessionId, SessionFeedHub.Feed feed, FeedNode start)
    {
        _hub = hub;
        _sessionId = sessionId;
        _feed = feed;
        Start = start;
    }

    /// <summary>Every node published after subscribing is reachable from here through <see cref="FeedNode.Next"/>.</summary>
    public FeedNode Start { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _hub.Unsubscribe(_sessionId, _feed);
        }
    }
}
