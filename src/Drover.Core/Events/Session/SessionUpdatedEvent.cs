using System.Text.Json;
using System.Text.Json.Serialization;
using Drover.Events.Serialization;

namespace Drover.Events;

/// <summary>A session update changed at least one field. Carries only the changed fields; a null property was not part of the update.</summary>
public sealed record SessionUpdatedEvent() : SessionEvent(EventTypes.SessionUpdated)
{
    /// <summary>The full resolved agent snapshot after the update (the session resource's <c>agent</c> object, kept as raw JSON).</summary>
    [JsonPropertyName("agent")]
    public JsonElement? Agent { get; init; }

    /// <summary>Null when the budget did not change; otherwise the new budget, or a change to null when the update removed it.</summary>
    [JsonPropertyName("budget")]
    [JsonConverter(typeof(ChangeConverter<BudgetLimit>))]
    public Change<BudgetLimit>? Budget { get; init; }

    /// <summary>The whole metadata bag after the update; null when it was unchanged or cleared to empty.</summary>
    [JsonPropertyName("metadata")]
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    [JsonPropertyName("title")]
    public string? Title { get; init; }
}
