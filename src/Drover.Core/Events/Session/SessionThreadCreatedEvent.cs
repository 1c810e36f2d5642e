using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A child thread was created; written to the parent thread's stream.</summary>
public sealed record SessionThreadCreatedEvent() : SessionEvent(EventTypes.SessionThreadCreated)
{
    /// <summary>The new thread's <c>sthr_</c> id.</summary>
    [JsonPropertyName("session_thread_id")]
    public required string SessionThreadId { get; init; }

    /// <summary>The callable agent the thread runs.</summary>
    [JsonPropertyName("agent_name")]
    public required string AgentName { get; init; }

    /// <summary>The workflow run that created the thread; written as an explicit null for any other thread.</summary>
    [JsonPropertyName("workflow_run_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? WorkflowRunId { get; init; }
}
