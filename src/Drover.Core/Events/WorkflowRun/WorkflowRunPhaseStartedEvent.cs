using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A workflow run's plan entered a phase.</summary>
public sealed record WorkflowRunPhaseStartedEvent() : SessionEvent(EventTypes.WorkflowRunPhaseStarted)
{
    /// <summary>The run's id, the same on all its <c>workflow_run.*</c> events.</summary>
    [JsonPropertyName("workflow_run_id")]
    public required string WorkflowRunId { get; init; }

    /// <summary>The phase's id, as in the run's <c>workflow_run.created</c> <c>phases</c>.</summary>
    [JsonPropertyName("workflow_run_phase_id")]
    public required string WorkflowRunPhaseId { get; init; }
}
