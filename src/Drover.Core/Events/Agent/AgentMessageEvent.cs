using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>Text the agent wrote to the user.</summary>
public sealed record AgentMessageEvent() : SessionEvent(EventTypes.AgentMessage)
{
    /// <summary>Text and redacted blocks.</summary>
    [JsonPropertyName("content")]
    public required IReadOnlyList<ContentBlock> Content { get; init; }
}
