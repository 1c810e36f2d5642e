using System.Threading.Channels;
using Drover.Events;
using Drover.Sessions;

namespace Drover.Server.Events;

/// <summary>
/// One stream's previews: a bounded queue the harness writes to without waiting (a full queue sheds the frame, and
/// every later delta of that event, so the client sees a prefix of the text), and the per-connection rules the stream
/// applies as it reads: at most one <c>event_start</c> per id, no delta without its start, nothing for an id after
/// its logged event went out.
/// </summary>
internal sealed class PreviewSubscription : IDisposable
{
    public const int Capacity = 256;

    // Reconciled ids are forgotten at each span.model_request_end (previews are published before the append, so none
    // can come later); the cap bounds the ids of previews that never got a logged event (an interrupted response).
    private const int MaxTrackedIds = 1024;

    private readonly Channel<PreviewFrame> _queue = Channel.CreateBounded<PreviewFrame>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private readonly HashSet<string> _types;
    private readonly Action<PreviewSubscription> _remove;
    private readonly Lock _shedLock = new();
    private readonly HashSet<string> _shed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private readonly HashSet<string> _logged = new(StringComparer.Ordinal);

    public PreviewSubscription(IReadOnlyCollection<string> types, Action<PreviewSubscription> remove)
    {
        _types = new HashSet<string>(types, StringComparer.Ordinal);
        _remove = remove;
    }

    public bool Wants(string eventType) => _types.Contains(eventType);

    /// <summary>Publisher side: queues the frame, or sheds it (and the rest of its event's preview) when the queue is full.</summary>
    public void Offer(PreviewFrame frame)
    {
        lock (_shedLock)
        {
            if (_shed.Contains(frame.EventId))
            {
                return;
            }

            if (!_queue.Writer.TryWrite(frame))
            {
                if (_shed.Count >= MaxTrackedIds)
                {
                    _shed.Clear();
                }

                _shed.Add(frame.EventId);
            }
        }
    }

    /// <summary>Completes when a frame may be waiting (false once disposed).</summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _queue.Reader.WaitToReadAsync(cancellationToken);

    /// <summary>
    /// Reader side: the next queued frame this connection may send now that it sent the logged event at
    /// <paramref name="sentThrough"/>; false when none is queued or the next one waits for a later logged event
    /// (<paramref name="waiting"/>: call again after sending one).
    /// </summary>
    public bool TryRead(long sentThrough, out byte[] frame, out bool waiting)
    {
        waiting = false;
        while (_queue.Reader.TryPeek(out var preview))
        {
            if (preview.AfterSequence > sentThrough)
            {
                waiting = true;
                break;
            }

            _queue.Reader.TryRead(out _);
            if (_logged.Contains(preview.EventId))
            {
                continue;
            }

            if (preview.IsStart ? Track(_started, preview.EventId) : _started.Contains(preview.EventId))
            {
                frame = preview.Bytes;
                return true;
            }
        }

        frame = [];
        return false;
    }

    /// <summary>Reader side: <paramref name="e"/> is being sent; its previews end, and a request's end forgets the ids it reconciled.</summary>
    public void Logged(StoredEvent e)
    {
        switch (e.Type)
        {
            case EventTypes.AgentMessage or EventTypes.AgentThinking:
                Track(_logged, e.Id);
                break;
            case EventTypes.SpanModelRequestEnd:
                _started.ExceptWith(_logged);
                _logged.Clear();
                break;
        }
    }

    public void Dispose()
    {
        _remove(this);
        _queue.Writer.TryComplete();
    }

    private static bool Track(HashSet<string> ids, string id)
    {
        if (ids.Count >= MaxTrackedIds)
        {
            ids.Clear();
        }

        return ids.Add(id);
    }
}
