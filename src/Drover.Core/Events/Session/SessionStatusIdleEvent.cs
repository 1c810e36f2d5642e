using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// The session stopped and waits for input. A client draining a turn stops here unless
/// <see cref="StopReason"/> is <c>requires_action</c>. Preceded by <c>session.usage</c>.
/// </summary>
public sealed record SessionStatusIdleEvent() : SessionEvent(EventTypes.SessionStatusIdle)
{
    [JsonPropertyName("stop_reason")]
    public required StopReason StopReason { get; init; }

    /// <summary>More about the stop (today only for <c>refusal</c>); written as an explicit null when there is nothing to add.</summary>
    [JsonPropertyName("stop_details")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public StopDetails? StopDetails { get; init; }
}
