using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A snapshot of the session's cumulative usage, emitted before every idle transition and when a thread pauses at its budget.</summary>
public sealed record SessionUsageEvent() : SessionEvent(EventTypes.SessionUsage)
{
    [JsonPropertyName("usage")]
    public required SessionUsage Usage { get; init; }

    /// <summary>The session's budget at the time; written as an explicit null when the session has none.</summary>
    [JsonPropertyName("budget")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public BudgetLimit? Budget { get; init; }
}
