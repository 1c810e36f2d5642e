using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// Something went wrong while the session ran. <see cref="SessionError.RetryStatus"/> tells the client what follows:
/// <c>retrying</c> (wait), <c>exhausted</c> (the turn is dead, the session goes idle) or <c>terminal</c> (it terminates).
/// </summary>
public sealed record SessionErrorEvent() : SessionEvent(EventTypes.SessionError)
{
    [JsonPropertyName("error")]
    public required SessionError Error { get; init; }
}
