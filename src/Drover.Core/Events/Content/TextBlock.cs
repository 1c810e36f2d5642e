using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A block of text.</summary>
public sealed record TextBlock() : ContentBlock(ContentBlockTypes.Text)
{
    [SetsRequiredMembers]
    public TextBlock(string text)
        : this() => Text = text;

    [JsonPropertyName("text")]
    public required string Text { get; init; }
}
