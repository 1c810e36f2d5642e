using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A user message. Queued user messages are echoed with a null <see cref="SessionEvent.ProcessedAt"/>, then again once processed.</summary>
public sealed record UserMessageEvent() : SessionEvent(EventTypes.UserMessage)
{
    /// <summary>Text, image and document blocks (redacted blocks are refused from users).</summary>
    [JsonPropertyName("content")]
    public required IReadOnlyList<ContentBlock> Content { get; init; }
}
