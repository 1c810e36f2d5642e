using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>The agent started a workflow run (background work); emitted once, before the run's other <c>workflow_run.*</c> events.</summary>
public sealed record WorkflowRunCreatedEvent() : SessionEvent(EventTypes.WorkflowRunCreated)
{
    /// <summary>The run's id, the same on all its <c>workflow_run.*</c> events.</summary>
    [JsonPropertyName("workflow_run_id")]
    public required string WorkflowRunId { get; init; }

    /// <summary>The name the agent gave the run, or one the server assigned.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The agent's description of the run; written as an explicit null when it gave none.</summary>
    [JsonPropertyName("description")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Description { get; init; }

    /// <summary>The phases the run's plan declares, in order; may be empty.</summary>
    [JsonPropertyName("phases")]
    public required IReadOnlyList<WorkflowRunPhase> Phases { get; init; }
}
