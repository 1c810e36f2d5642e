using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// Why a session or thread went idle (see <see cref="StopReasonTypes"/>). <see cref="EventIds"/> is set only for
/// <c>requires_action</c>: the tool use events the session is blocked on.
/// </summary>
public sealed record StopReason
{
    public StopReason()
    {
    }

    [SetsRequiredMembers]
    public StopReason(string type) => Type = type;

    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public required string Type { get; init; }

    [JsonPropertyName("event_ids")]
    public IReadOnlyList<string>? EventIds { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    public static StopReason RequiresAction(IReadOnlyList<string> eventIds) => new(StopReasonTypes.RequiresAction) { EventIds = eventIds };
}
