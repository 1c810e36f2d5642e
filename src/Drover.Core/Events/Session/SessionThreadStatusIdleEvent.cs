using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A thread yielded and waits for input; cross-posted to the primary stream for child threads.</summary>
public sealed record SessionThreadStatusIdleEvent() : SessionEvent(EventTypes.SessionThreadStatusIdle)
{
    /// <summary>The thread's <c>sthr_</c> id.</summary>
    [JsonPropertyName("session_thread_id")]
    public required string SessionThreadId { get; init; }

    /// <summary>The name of the agent the thread runs.</summary>
    [JsonPropertyName("agent_name")]
    public required string AgentName { get; init; }

    [JsonPropertyName("stop_reason")]
    public required StopReason StopReason { get; init; }

    /// <summary>More about the stop (today only for <c>refusal</c>); written as an explicit null when there is nothing to add.</summary>
    [JsonPropertyName("stop_details")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public StopDetails? StopDetails { get; init; }
}
