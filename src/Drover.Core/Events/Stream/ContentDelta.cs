using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A partial element of the previewed event's <c>content</c> array (<c>type: "content_delta"</c>).</summary>
public sealed record ContentDelta
{
    public const string ContentDeltaType = "content_delta";

    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = ContentDeltaType;

    /// <summary>The position in <c>content</c> the fragment belongs to; null when not given.</summary>
    [JsonPropertyName("index")]
    public long? Index { get; init; }

    /// <summary>A text block holding the fragment's text.</summary>
    [JsonPropertyName("content")]
    public required ContentBlock Content { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
