namespace Drover.Events;

/// <summary>
/// Where a harness publishes live previews (<c>event_start</c> / <c>event_delta</c>) of events it is about to append.
/// Best-effort and in-process: nothing is stored, a publish with nobody listening does nothing, and a slow listener
/// loses deltas (a prefix of the text), never the buffered event that follows (docs/sessions.md, "Live previews").
/// </summary>
public interface IEventPreviews
{
    /// <summary>Whether any stream of <paramref name="sessionId"/> asked for previews now (lets a publisher skip work).</summary>
    bool HasListeners(string sessionId);

    /// <summary>
    /// A preview of event <paramref name="eventId"/> of <paramref name="eventType"/> opens; streams send it only after
    /// the logged event at <paramref name="afterSequence"/> (the request's <c>span.model_request_start</c>).
    /// </summary>
    void Start(string sessionId, string eventType, string eventId, long afterSequence);

    /// <summary>Text for content block <paramref name="index"/> of the previewed <c>agent.message</c> <paramref name="eventId"/>.</summary>
    void Delta(string sessionId, string eventId, int index, string text);
}

/// <summary>The previews of an instance nobody can listen to (a harness without a server, tests).</summary>
public sealed class NoEventPreviews : IEventPreviews
{
    public static NoEventPreviews Instance { get; } = new();

    public bool HasListeners(string sessionId) => false;

    public void Start(string sessionId, string eventType, string eventId, long afterSequence)
    {
    }

    public void Delta(string sessionId, string eventId, int index, string text)
    {
    }
}
