using System.Collections.Concurrent;
using System.Text.Json;
using Drover.Events;

namespace Drover.Server.Events;

/// <summary>
/// The live previews of this server instance: the harness publishes <c>event_start</c> / <c>event_delta</c> here and
/// every stream that asked for <c>event_deltas[]</c> of that type gets the frame (encoded once, shared). Nothing is
/// kept: a session nobody previews costs one dictionary lookup per publish. Previews from a harness run on another
/// instance are not seen here (docs/sessions.md, "Live previews").
/// </summary>
internal sealed class EventPreviewHub : IEventPreviews
{
    private readonly ConcurrentDictionary<string, PreviewSubscription[]> _subscriptions = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public bool HasListeners(string sessionId) => _subscriptions.ContainsKey(sessionId);

    public void Start(string sessionId, string eventType, string eventId, long afterSequence)
    {
        if (!_subscriptions.TryGetValue(sessionId, out var subscriptions))
        {
            return;
        }

        byte[]? frame = null;
        foreach (var subscription in subscriptions)
        {
            if (subscription.Wants(eventType))
            {
                frame ??= SseFrames.Preview(EventStartFrame.FrameType, JsonSerializer.Serialize(
                    new EventStartFrame { Event = new EventPreview { Type = eventType, Id = eventId } }, DroverJsonContext.Default.EventStartFrame));
                subscription.Offer(new PreviewFrame(eventId, IsStart: true, frame, afterSequence));
            }
        }
    }

    public void Delta(string sessionId, string eventId, int index, string text)
    {
        if (!_subscriptions.TryGetValue(sessionId, out var subscriptions))
        {
            return;
        }

        byte[]? frame = null;
        foreach (var subscription in subscriptions)
        {
            if (subscription.Wants(EventTypes.AgentMessage))
            {
                frame ??= SseFrames.Preview(EventDeltaFrame.FrameType, JsonSerializer.Serialize(
                    new EventDeltaFrame { EventId = eventId, Delta = new ContentDelta { Index = index, Content = new TextBlock(text) } }, DroverJsonContext.Default.EventDeltaFrame));
                subscription.Offer(new PreviewFrame(eventId, IsStart: false, frame, 0));
            }
        }
    }

    /// <summary>Starts previews of <paramref name="types"/> for one stream; dispose to stop.</summary>
    public PreviewSubscription Subscribe(string sessionId, IReadOnlyCollection<string> types)
    {
        var subscription = new PreviewSubscription(types, s => Remove(sessionId, s));
        lock (_lock)
        {
            _subscriptions[sessionId] = _subscriptions.TryGetValue(sessionId, out var current) ? [.. current, subscription] : [subscription];
        }

        return subscription;
    }

    private void Remove(string sessionId, PreviewSubscription subscription)
    {
        lock (_lock)
        {
            if (!_subscriptions.TryGetValue(sessionId, out var current))
            {
                return;
            }

            var rest = Array.FindAll(current, s => !ReferenceEquals(s, subscription));
            if (rest.Length == 0)
            {
                _subscriptions.TryRemove(sessionId, out _);
            }
            else
            {
                _subscriptions[sessionId] = rest;
            }
        }
    }
}

/// <summary>One encoded preview frame, the id of the event it previews, and the logged event it must follow.</summary>
internal readonly record struct PreviewFrame(string EventId, bool IsStart, byte[] Bytes, long AfterSequence);
