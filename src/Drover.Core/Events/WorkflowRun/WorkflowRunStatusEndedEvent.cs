using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A workflow run ended; the last of its <c>workflow_run.*</c> events.</summary>
public sealed record WorkflowRunStatusEndedEvent() : SessionEvent(EventTypes.WorkflowRunStatusEnded)
{
    /// <summary>The run's id, the same on all its <c>workflow_run.*</c> events.</summary>
    [JsonPropertyName("workflow_run_id")]
    public required string WorkflowRunId { get; init; }

    [JsonPropertyName("result")]
    public required WorkflowRunResult Result { get; init; }
}
