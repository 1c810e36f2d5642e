namespace Drover.Events;

/// <summary>The <c>type</c> strings of <see cref="StopReason"/>.</summary>
public static class StopReasonTypes
{
    /// <summary>The turn finished, naturally or by interrupt (there is no interrupt-specific reason).</summary>
    public const string EndTurn = "end_turn";

    /// <summary>Blocked on tool confirmations or tool results for the listed event ids.</summary>
    public const string RequiresAction = "requires_action";

    /// <summary>Repeated errors used up the retry budget; queued inputs were flushed.</summary>
    public const string RetriesExhausted = "retries_exhausted";

    /// <summary>The session's list cost reached its budget.</summary>
    public const string BudgetReached = "budget_reached";

    /// <summary>The model's response was refused, e.g. by a safety classifier; see <see cref="StopDetails"/>.</summary>
    public const string Refusal = "refusal";
}
