using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A workflow run met an error, or an error kept one from being created. A run ending in error emits this before its <c>workflow_run.status_ended</c>.</summary>
public sealed record WorkflowRunErrorEvent() : SessionEvent(EventTypes.WorkflowRunError)
{
    /// <summary>The run's id; written as an explicit null when the error kept the run from being created.</summary>
    [JsonPropertyName("workflow_run_id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? WorkflowRunId { get; init; }

    [JsonPropertyName("error")]
    public required WorkflowRunError Error { get; init; }
}
