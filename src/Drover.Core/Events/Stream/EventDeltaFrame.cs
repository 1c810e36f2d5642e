using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// Stream-only preview frame (<c>event_delta</c>): one fragment of a previewed <c>agent.message</c>. Best-effort:
/// deltas may stop early; the buffered event with id <see cref="EventId"/> carries the complete content.
/// </summary>
public sealed record EventDeltaFrame
{
    public const string FrameType = "event_delta";

    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; } = FrameType;

    /// <summary>The id on the matching <c>event_start</c> and on the buffered event that reconciles the preview.</summary>
    [JsonPropertyName("event_id")]
    public required string EventId { get; init; }

    [JsonPropertyName("delta")]
    public required ContentDelta Delta { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
