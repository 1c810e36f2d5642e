using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>Written to the sender's stream when one agent sends a message to another thread.</summary>
public sealed record AgentThreadMessageSentEvent() : SessionEvent(EventTypes.AgentThreadMessageSent)
{
    /// <summary>The <c>sthr_</c> id of the receiving thread.</summary>
    [JsonPropertyName("to_session_thread_id")]
    public required string ToSessionThreadId { get; init; }

    /// <summary>The callable agent the message went to; null when it went to the primary agent.</summary>
    [JsonPropertyName("to_agent_name")]
    public string? ToAgentName { get; init; }

    /// <summary>Text, image, document and redacted blocks.</summary>
    [JsonPropertyName("content")]
    public required IReadOnlyList<ContentBlock> Content { get; init; }
}
