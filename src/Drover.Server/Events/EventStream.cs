using System.Runtime.CompilerServices;
using Drover.Sessions;

namespace Drover.Server.Events;

/// <summary>
/// One SSE subscriber: the session's events after a position as <c>event: type</c> / <c>data: json</c> /
/// <c>id: sequence</c> frames, with a <c>ping</c> frame whenever the stream has been silent for the heartbeat interval.
/// With <c>previews</c> (the connection asked for <c>event_deltas[]</c>), live preview frames are merged in: the ones
/// queued before a logged event go out before it, so a preview never follows the event it previews.
/// </summary>
internal static class EventStream
{
    public static async IAsyncEnumerable<byte[]> FramesAsync(
        ISessionLog log,
        string sessionId,
        long afterSequence,
        TimeSpan heartbeat,
        TimeProvider time,
        PreviewSubscription? previews = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var last = afterSequence;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tail = log.TailAsync(sessionId, afterSequence, stop.Token).GetAsyncEnumerator(stop.Token);
        var next = AsTask(tail.MoveNextAsync());
        var previewReady = previews is null ? null : previews.WaitAsync(stop.Token).AsTask();
        try
        {
            // One timer per stream, re-armed only when it fires: events do not reset it (that would cost a timer per
            // event per subscriber); a ping is sent only if nothing went out during the whole last interval.
            var beat = Task.Delay(heartbeat, time, stop.Token);
            var lastFrameAt = time.GetTimestamp();
            while (true)
            {
                var woke = next.IsCompleted ? next : previewReady is null ? await Task.WhenAny(next, beat) : await Task.WhenAny(next, beat, previewReady);
                if (woke == previewReady)
                {
                    if (!await previewReady)
                    {
                        yield break;
                    }

                    bool waiting;
                    while (previews!.TryRead(last, out var preview, out waiting))
                    {
                        lastFrameAt = time.GetTimestamp();
                        yield return preview;
                    }

                    // A preview waiting for a logged event not sent yet: look again after the next one.
                    previewReady = waiting ? null : previews.WaitAsync(stop.Token).AsTask();
                    continue;
                }

                if (woke == beat)
                {
                    await beat;
                    if (time.GetElapsedTime(lastFrameAt) >= heartbeat)
                    {
                        lastFrameAt = time.GetTimestamp();
                        yield return SseFrames.Ping(last);
                    }

                    beat = Task.Delay(heartbeat - time.GetElapsedTime(lastFrameAt), time, stop.Token);
                    continue;
                }

                if (!await next)
                {
                    yield break;
                }

                var e = tail.Current;
                if (previews is not null)
                {
                    // Previews queued before this event was appended go out before it (those that may by now).
                    while (previews.TryRead(last, out var preview, out _))
                    {
                        yield return preview;
                    }

                    previews.Logged(e);
                }

                last = e.Sequence;
                lastFrameAt = time.GetTimestamp();
                yield return SseFrames.For(e);
                next = AsTask(tail.MoveNextAsync());
                if (previews is not null && (previewReady is null || previewReady.IsCompleted))
                {
                    previewReady = previews.WaitAsync(stop.Token).AsTask();
                }
            }
        }
        finally
        {
            // An async iterator may not be disposed while a MoveNextAsync is in flight: end it, wait, then dispose.
            await stop.CancelAsync();
            await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            previews?.Dispose();
            await tail.DisposeAsync();
        }
    }

    // Most moves complete at once (the tail hands out a batch); those need no Task wrapper.
    private static Task<bool> AsTask(ValueTask<bool> move) =>
        move.IsCompletedSuccessfully ? (move.Result ? s_true : s_false) : move.AsTask();

    private static readonly Task<bool> s_true = Task.FromResult(true);
    private static readonly Task<bool> s_false = Task.FromResult(false);
}
