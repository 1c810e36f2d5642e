using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A session's cumulative usage across all turns and threads. Every member is optional; null means not reported.</summary>
public sealed record SessionUsage
{
    [JsonPropertyName("input_tokens")]
    public long? InputTokens { get; init; }

    [JsonPropertyName("output_tokens")]
    public long? OutputTokens { get; init; }

    [JsonPropertyName("cache_read_input_tokens")]
    public long? CacheReadInputTokens { get; init; }

    /// <summary>Tokens written to the prompt cache, by cache lifetime.</summary>
    [JsonPropertyName("cache_creation")]
    public CacheCreationUsage? CacheCreation { get; init; }

    /// <summary>Cost at public list prices.</summary>
    [JsonPropertyName("list_cost")]
    public MonetaryAmount? ListCost { get; init; }

    /// <summary>Seconds during which at least one thread was running; concurrent threads count once.</summary>
    [JsonPropertyName("active_seconds")]
    public double? ActiveSeconds { get; init; }

    [JsonPropertyName("server_tool_use")]
    public ServerToolUsage? ServerToolUse { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
