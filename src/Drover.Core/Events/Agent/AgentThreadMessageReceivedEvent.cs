using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>Written to the receiving thread's stream when a message from another agent arrives.</summary>
public sealed record AgentThreadMessageReceivedEvent() : SessionEvent(EventTypes.AgentThreadMessageReceived)
{
    /// <summary>The <c>sthr_</c> id of the sending thread.</summary>
    [JsonPropertyName("from_session_thread_id")]
    public required string FromSessionThreadId { get; init; }

    /// <summary>The callable agent the message came from; null when it came from the primary agent.</summary>
    [JsonPropertyName("from_agent_name")]
    public string? FromAgentName { get; init; }

    /// <summary>Text, image, document and redacted blocks.</summary>
    [JsonPropertyName("content")]
    public required IReadOnlyList<ContentBlock> Content { get; init; }
}
