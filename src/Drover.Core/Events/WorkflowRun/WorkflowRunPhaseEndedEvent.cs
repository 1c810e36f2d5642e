using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// A workflow run left a phase, or its end closed it; one for every <c>workflow_run.phase_started</c>, before the run's
/// <c>workflow_run.status_ended</c>. It does not say whether the phase's work finished.
/// </summary>
public sealed record WorkflowRunPhaseEndedEvent() : SessionEvent(EventTypes.WorkflowRunPhaseEnded)
{
    /// <summary>The run's id, the same on all its <c>workflow_run.*</c> events.</summary>
    [JsonPropertyName("workflow_run_id")]
    public required string WorkflowRunId { get; init; }

    /// <summary>The phase's id, as in the run's <c>workflow_run.created</c> <c>phases</c>.</summary>
    [JsonPropertyName("workflow_run_phase_id")]
    public required string WorkflowRunPhaseId { get; init; }

    /// <summary>The id of the <c>workflow_run.phase_started</c> event that opened the phase.</summary>
    [JsonPropertyName("phase_started_id")]
    public required string PhaseStartedId { get; init; }
}
