using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// A self-hosted worker's result for a built-in <c>agent.tool_use</c> (only valid on <c>self_hosted</c> environments);
/// processed on receipt, so echoed with <see cref="SessionEvent.ProcessedAt"/> set.
/// </summary>
public sealed record UserToolResultEvent() : SessionEvent(EventTypes.UserToolResult)
{
    /// <summary>The id of the <c>agent.tool_use</c> event this answers.</summary>
    [JsonPropertyName("tool_use_id")]
    public required string ToolUseId { get; init; }

    /// <summary>Text, image, document and search result blocks; null when the worker sent none.</summary>
    [JsonPropertyName("content")]
    public IReadOnlyList<ContentBlock>? Content { get; init; }

    /// <summary>True when the tool failed; null when not stated.</summary>
    [JsonPropertyName("is_error")]
    public bool? IsError { get; init; }

    /// <summary>Set by the server to the subagent thread the result was routed to; null for the primary thread.</summary>
    [JsonPropertyName("session_thread_id")]
    public string? SessionThreadId { get; init; }
}
