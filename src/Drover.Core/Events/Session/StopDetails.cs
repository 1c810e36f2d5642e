using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// Structured detail of a stop; today only <c>refusal</c>. Both fields are always written, as explicit nulls when unknown.
/// </summary>
public sealed record StopDetails
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public required string Type { get; init; }

    /// <summary>The policy category (<c>cyber</c>, <c>bio</c>, <c>frontier_llm</c>, <c>general_harms</c>, <c>reasoning_extraction</c>, or newer); null when none is named.</summary>
    [JsonPropertyName("category")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Category { get; init; }

    /// <summary>Human-readable explanation, not to be parsed; null when none is available.</summary>
    [JsonPropertyName("explanation")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Explanation { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
