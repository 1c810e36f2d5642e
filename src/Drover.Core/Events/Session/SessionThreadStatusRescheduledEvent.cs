using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A thread hit a transient error and is retrying automatically; cross-posted to the primary stream for child threads.</summary>
public sealed record SessionThreadStatusRescheduledEvent() : SessionEvent(EventTypes.SessionThreadStatusRescheduled)
{
    /// <summary>The thread's <c>sthr_</c> id.</summary>
    [JsonPropertyName("session_thread_id")]
    public required string SessionThreadId { get; init; }

    /// <summary>The name of the agent the thread runs.</summary>
    [JsonPropertyName("agent_name")]
    public required string AgentName { get; init; }
}
