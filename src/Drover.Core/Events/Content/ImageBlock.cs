using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>An image, given inline as base64, by URL, or as an uploaded file.</summary>
public sealed record ImageBlock() : ContentBlock(ContentBlockTypes.Image)
{
    [JsonPropertyName("source")]
    public required ContentSource Source { get; init; }
}
