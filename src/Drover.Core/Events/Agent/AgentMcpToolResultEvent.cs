using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>The result of an MCP tool call.</summary>
public sealed record AgentMcpToolResultEvent() : SessionEvent(EventTypes.AgentMcpToolResult)
{
    /// <summary>The id of the <c>agent.mcp_tool_use</c> event this answers.</summary>
    [JsonPropertyName("mcp_tool_use_id")]
    public required string McpToolUseId { get; init; }

    /// <summary>Text, image, document and search result blocks; null when the tool returned none.</summary>
    [JsonPropertyName("content")]
    public IReadOnlyList<ContentBlock>? Content { get; init; }

    /// <summary>True when the tool failed; null when not stated.</summary>
    [JsonPropertyName("is_error")]
    public bool? IsError { get; init; }
}
