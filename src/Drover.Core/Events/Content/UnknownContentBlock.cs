using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A content block of a kind Drover does not know; all its other members sit in <see cref="ContentBlock.ExtensionData"/>.</summary>
public sealed record UnknownContentBlock : ContentBlock
{
    [JsonConstructor]
    public UnknownContentBlock(string type)
        : base(type)
    {
    }
}
