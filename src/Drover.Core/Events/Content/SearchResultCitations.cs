using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>Whether the model may cite a search result.</summary>
public sealed record SearchResultCitations
{
    [JsonPropertyName("enabled")]
    public required bool Enabled { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
