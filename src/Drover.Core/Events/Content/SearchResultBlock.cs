using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A search result a tool returned, which the model may cite.</summary>
public sealed record SearchResultBlock() : ContentBlock(ContentBlockTypes.SearchResult)
{
    /// <summary>Where the result came from, usually a URL.</summary>
    [JsonPropertyName("source")]
    public required string Source { get; init; }

    [JsonPropertyName("title")]
    public required string Title { get; init; }

    /// <summary>The result's text; only text blocks are allowed here.</summary>
    [JsonPropertyName("content")]
    public required IReadOnlyList<TextBlock> Content { get; init; }

    [JsonPropertyName("citations")]
    public required SearchResultCitations Citations { get; init; }
}
