using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A thread started running. Every session emits one for its primary thread; child threads' transitions are cross-posted to the primary stream.</summary>
public sealed record SessionThreadStatusRunningEvent() : SessionEvent(EventTypes.SessionThreadStatusRunning)
{
    /// <summary>The thread's <c>sthr_</c> id.</summary>
    [JsonPropertyName("session_thread_id")]
    public required string SessionThreadId { get; init; }

    /// <summary>The name of the agent the thread runs.</summary>
    [JsonPropertyName("agent_name")]
    public required string AgentName { get; init; }
}
