using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A workflow run started executing, or resumed after being idle.</summary>
public sealed record WorkflowRunStatusRunningEvent() : SessionEvent(EventTypes.WorkflowRunStatusRunning)
{
    /// <summary>The run's id, the same on all its <c>workflow_run.*</c> events.</summary>
    [JsonPropertyName("workflow_run_id")]
    public required string WorkflowRunId { get; init; }
}
