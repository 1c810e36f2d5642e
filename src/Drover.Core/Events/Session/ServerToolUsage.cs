using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>Server-executed tool calls; null means not reported.</summary>
public sealed record ServerToolUsage
{
    [JsonPropertyName("web_search_requests")]
    public int? WebSearchRequests { get; init; }

    [JsonPropertyName("web_fetch_requests")]
    public int? WebFetchRequests { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
