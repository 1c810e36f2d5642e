using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>The previewed event's type and id; the buffered event written later carries the same id.</summary>
public sealed record EventPreview
{
    /// <summary><c>agent.message</c> (deltas follow) or <c>agent.thinking</c> (start only, no deltas).</summary>
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public required string Type { get; init; }

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
