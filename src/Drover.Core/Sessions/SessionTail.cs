using System.Runtime.CompilerServices;

namespace Drover.Sessions;

/// <summary>
/// The tail algorithm both stores share: subscribe to the in-process feed first, read the store
/// from the cursor, then take events from the feed, falling back to the store whenever the feed
/// shows a gap (another instance appended, or commits were published out of order).
/// </summary>
public static class SessionTail
{
    /// <summary>Reads up to <c>limit</c> events after a sequence, ascending; throws <see cref="SessionNotFoundException"/>.</summary>
    public delegate Task<IReadOnlyList<StoredEvent>> ReadAfter(long afterSequence, int limit, CancellationToken cancellationToken);

    public static async IAsyncEnumerable<StoredEvent> TailAsync(
        SessionFeedHub hub,
        string sessionId,
        long afterSequence,
        ReadAfter readAfter,
        int pageSize,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Subscribing before the first read means nothing committed after the read can be missed.
        using var subscription = hub.Subscribe(sessionId);
        var node = subscription.Start;
        var last = afterSequence;

        while (true)
        {
            IReadOnlyList<StoredEvent> page;
            do
            {
                page = await readAfter(last, pageSize, cancellationToken);
                foreach (var e in page)
                {
                    yield return e;
                    last = e.Sequence;
                }
            }
            while (page.Count == pageSize);

            // Take what the feed carries while it is contiguous with what we have; go back to the store on a gap.
            while (true)
            {
                // A subscriber behind the feed finds the next node ready: no wait, no cancellation registration.
                var next = node.Next;
                node = next.IsCompleted ? next.Result : await next.WaitAsync(cancellationToken);
                if (node.Closed)
                {
                    yield break;
                }

                if (node.Watermark <= last)
                {
                    continue;
                }

                if (node.Events.Count == 0 || node.Events[0].Sequence > last + 1)
                {
                    break;
                }

                foreach (var e in node.Events)
                {
                    if (e.Sequence > last)
                    {
                        yield return e;
                        last = e.Sequence;
                    }
                }
            }
        }
    }
}
