using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A heartbeat while an outcome evaluation runs, telling "still grading" from "stuck".</summary>
public sealed record SpanOutcomeEvaluationOngoingEvent() : SessionEvent(EventTypes.SpanOutcomeEvaluationOngoing)
{
    /// <summary>The <c>outc_</c> id of the outcome being evaluated.</summary>
    [JsonPropertyName("outcome_id")]
    public required string OutcomeId { get; init; }

    /// <summary>The 0-based revision cycle, as on the matching start event.</summary>
    [JsonPropertyName("iteration")]
    public required int Iteration { get; init; }
}
