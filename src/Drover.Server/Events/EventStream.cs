using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Drover.Sessions;

namespace Drover.Server.Events;

/// <summary>
/// One SSE subscriber: the session's events after a position as <c>event: type</c> / <c>data: json</c> /
/// <c>id: sequence</c> frames, with a <c>ping</c> frame whenever the stream has been silent for the heartbeat interval.
/// </summary>
internal static class EventStream
{
    private const string PingData = """{"type":"ping"}""";

    public static async IAsyncEnumerable<SseItem<string>> FramesAsync(
        ISessionLog log,
        string sessionId,
        long afterSequence,
        TimeSpan heartbeat,
        TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var last = afterSequence;
        await using var tail = log.TailAsync(sessionId, afterSequence, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var next = tail.MoveNextAsync().AsTask();
        while (true)
        {
            using (var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var beat = Task.Delay(heartbeat, time, silence.Token);
                if (await Task.WhenAny(next, beat) == beat)
                {
                    await beat;
                    yield return new SseItem<string>(PingData, "ping") { EventId = last.ToString(CultureInfo.InvariantCulture) };
                    continue;
                }

                await silence.CancelAsync();
            }

            if (!await next)
            {
                yield break;
            }

            var e = tail.Current;
            last = e.Sequence;
            yield return new SseItem<string>(e.Json, e.Type) { EventId = last.ToString(CultureInfo.InvariantCulture) };
            next = tail.MoveNextAsync().AsTask();
        }
    }
}
