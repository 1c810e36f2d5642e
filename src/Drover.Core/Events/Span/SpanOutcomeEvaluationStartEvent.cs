using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>An outcome evaluation cycle began.</summary>
public sealed record SpanOutcomeEvaluationStartEvent() : SessionEvent(EventTypes.SpanOutcomeEvaluationStart)
{
    /// <summary>The <c>outc_</c> id of the outcome being evaluated.</summary>
    [JsonPropertyName("outcome_id")]
    public required string OutcomeId { get; init; }

    /// <summary>The 0-based revision cycle: 0 is the first evaluation.</summary>
    [JsonPropertyName("iteration")]
    public required int Iteration { get; init; }
}
