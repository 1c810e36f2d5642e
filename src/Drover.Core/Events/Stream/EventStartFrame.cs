using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// Stream-only preview frame (<c>event_start</c>) that opens a live preview of an <c>agent.message</c> or
/// <c>agent.thinking</c> event not yet written. Sent only to connections that asked for <c>event_deltas[]</c>;
/// never stored, has no id or <c>processed_at</c> of its own.
/// </summary>
public sealed record EventStartFrame
{
    public const string FrameType = "event_start";

    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; } = FrameType;

    [JsonPropertyName("event")]
    public required EventPreview Event { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
