using System.Text.Json;
using System.Text.Json.Serialization;
using Drover.Events.Serialization;

namespace Drover.Events;

/// <summary>
/// One element of an event's <c>content</c> array. Which kinds an event allows is the API's rule, not the type's:
/// <c>agent.message</c> carries text and redacted blocks, tool results carry text, image, document and search result
/// blocks, user and thread messages carry text, image, document and redacted blocks. A block of a kind Drover does not
/// know is an <see cref="UnknownContentBlock"/>.
/// </summary>
[JsonConverter(typeof(ContentBlockConverter))]
public abstract record ContentBlock
{
    protected ContentBlock(string type) => Type = type;

    /// <summary>The block's kind (see <see cref="ContentBlockTypes"/>).</summary>
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; }

    /// <summary>Members this version does not model, written back unchanged.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
