using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>Sets a goal the agent works towards, graded against a rubric; processed on receipt and echoed with its <see cref="OutcomeId"/>.</summary>
public sealed record UserDefineOutcomeEvent() : SessionEvent(EventTypes.UserDefineOutcome)
{
    /// <summary>What the agent should produce.</summary>
    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("rubric")]
    public required Rubric Rubric { get; init; }

    /// <summary>Evaluate-then-revise cycles before giving up (default 3, at most 20); written as an explicit null when not given.</summary>
    [JsonPropertyName("max_iterations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public int? MaxIterations { get; init; }

    /// <summary>The server-assigned <c>outc_</c> id that <c>span.outcome_evaluation_*</c> events refer to; null only before the server assigns it.</summary>
    [JsonPropertyName("outcome_id")]
    public string? OutcomeId { get; init; }
}
