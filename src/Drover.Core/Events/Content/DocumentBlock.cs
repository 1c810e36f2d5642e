using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A document, given inline as base64 or plain text, by URL, or as an uploaded file.</summary>
public sealed record DocumentBlock() : ContentBlock(ContentBlockTypes.Document)
{
    [JsonPropertyName("source")]
    public required ContentSource Source { get; init; }

    /// <summary>The document's title; null when not given.</summary>
    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>Extra context about the document for the model; null when not given.</summary>
    [JsonPropertyName("context")]
    public string? Context { get; init; }
}
