using System.Text.Json;
using Drover.Sessions;

namespace Drover.Events;

/// <summary>Reads and writes session events in their wire JSON, through <see cref="DroverJsonContext"/>.</summary>
public static class SessionEventJson
{
    /// <summary>The event as one compact JSON object, <c>type</c> and <c>id</c> first.</summary>
    public static string Serialize(SessionEvent sessionEvent)
    {
        ArgumentNullException.ThrowIfNull(sessionEvent);
        return JsonSerializer.Serialize(sessionEvent, DroverJsonContext.Default.SessionEvent);
    }

    /// <summary>
    /// Reads one event. An unknown <c>type</c> gives an <see cref="UnknownSessionEvent"/>; input that is not a JSON
    /// object, lacks a string <c>type</c>, or misses a member its type requires throws <see cref="JsonException"/>.
    /// </summary>
    public static SessionEvent Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize(json, DroverJsonContext.Default.SessionEvent)
            ?? throw new JsonException("A session event must be a JSON object, not null.");
    }

    /// <summary>The event ready to append to a session log. Throws <see cref="ArgumentException"/> when it has no id yet.</summary>
    public static NewEvent ToNewEvent(this SessionEvent sessionEvent)
    {
        ArgumentNullException.ThrowIfNull(sessionEvent);
        if (sessionEvent.Id.Length == 0)
        {
            throw new ArgumentException("The event needs an id before it is appended.", nameof(sessionEvent));
        }

        return new NewEvent(sessionEvent.Id, sessionEvent.Type, Serialize(sessionEvent));
    }
}
