using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A workflow run went idle, for whatever cause.</summary>
public sealed record WorkflowRunStatusIdleEvent() : SessionEvent(EventTypes.WorkflowRunStatusIdle)
{
    /// <summary>The run's id, the same on all its <c>workflow_run.*</c> events.</summary>
    [JsonPropertyName("workflow_run_id")]
    public required string WorkflowRunId { get; init; }
}
