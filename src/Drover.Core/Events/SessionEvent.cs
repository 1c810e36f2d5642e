using System.Text.Json;
using System.Text.Json.Serialization;
using Drover.Events.Serialization;

namespace Drover.Events;

/// <summary>
/// One event of a session's log, in the wire shape of the Managed Agents API. Each derived record
/// fixes its <see cref="Type"/>; an event whose type Drover does not know is an <see cref="UnknownSessionEvent"/>.
/// </summary>
/// <remarks>
/// Each record passes its constant type string to the constructor rather than overriding an abstract
/// <c>Type</c>: the source generator does not apply the base property's <see cref="JsonPropertyOrderAttribute"/>
/// to an override, and the API writes <c>type</c> and <c>id</c> first.
/// </remarks>
[JsonConverter(typeof(SessionEventConverter))]
public abstract record SessionEvent
{
    protected SessionEvent(string type) => Type = type;

    /// <summary>The event's type string, e.g. <c>agent.message</c> (see <see cref="EventTypes"/>).</summary>
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-2)]
    public string Type { get; }

    /// <summary>The <c>sevt_</c> id; empty only on an event a client posted that the server has not yet named.</summary>
    [JsonPropertyName("id")]
    [JsonPropertyOrder(-1)]
    public string Id { get; init; } = string.Empty;

    /// <summary>
    /// When the server processed the event. Null on a user event that is still queued; always written,
    /// as an explicit <c>null</c> in that case, because the API does so.
    /// </summary>
    [JsonPropertyName("processed_at")]
    [JsonPropertyOrder(1000)]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public DateTimeOffset? ProcessedAt { get; init; }

    /// <summary>
    /// Members this version does not model, kept so they are written back unchanged; a <c>with</c> copy shares
    /// the dictionary. It has a setter because the source generator cannot fill an init-only extension data property.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
