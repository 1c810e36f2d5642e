using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>The client's result for an <c>agent.custom_tool_use</c>; processed on receipt, so echoed with <see cref="SessionEvent.ProcessedAt"/> set.</summary>
public sealed record UserCustomToolResultEvent() : SessionEvent(EventTypes.UserCustomToolResult)
{
    /// <summary>The id of the <c>agent.custom_tool_use</c> event this answers.</summary>
    [JsonPropertyName("custom_tool_use_id")]
    public required string CustomToolUseId { get; init; }

    /// <summary>Text, image, document and search result blocks; null when the client sent none.</summary>
    [JsonPropertyName("content")]
    public IReadOnlyList<ContentBlock>? Content { get; init; }

    /// <summary>True when the tool failed; null when not stated.</summary>
    [JsonPropertyName("is_error")]
    public bool? IsError { get; init; }

    /// <summary>Set by the server to the subagent thread the result was routed to; null for the primary thread.</summary>
    [JsonPropertyName("session_thread_id")]
    public string? SessionThreadId { get; init; }
}
