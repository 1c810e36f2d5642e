using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// An outcome evaluation cycle ended with a verdict. <c>needs_revision</c> means another cycle follows; <c>satisfied</c>,
/// <c>max_iterations_reached</c>, <c>failed</c> and <c>interrupted</c> are final.
/// </summary>
public sealed record SpanOutcomeEvaluationEndEvent() : SessionEvent(EventTypes.SpanOutcomeEvaluationEnd)
{
    /// <summary>The id of the matching <c>span.outcome_evaluation_start</c>; empty when an interrupt came before the grader started.</summary>
    [JsonPropertyName("outcome_evaluation_start_id")]
    public required string OutcomeEvaluationStartId { get; init; }

    /// <summary>The <c>outc_</c> id of the outcome being evaluated.</summary>
    [JsonPropertyName("outcome_id")]
    public required string OutcomeId { get; init; }

    /// <summary>The 0-based revision cycle, as on the matching start event.</summary>
    [JsonPropertyName("iteration")]
    public required int Iteration { get; init; }

    /// <summary>The verdict: <c>satisfied</c>, <c>needs_revision</c>, <c>max_iterations_reached</c>, <c>failed</c> or <c>interrupted</c>.</summary>
    [JsonPropertyName("result")]
    public required string Result { get; init; }

    /// <summary>Why; for <c>needs_revision</c>, which criteria failed.</summary>
    [JsonPropertyName("explanation")]
    public required string Explanation { get; init; }

    /// <summary>Summed over the cycle's grader requests.</summary>
    [JsonPropertyName("usage")]
    public required ModelUsage Usage { get; init; }
}
