using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>Stops the agent's current work; it jumps ahead of queued user messages, and the turn ends with <c>end_turn</c>.</summary>
public sealed record UserInterruptEvent() : SessionEvent(EventTypes.UserInterrupt)
{
    /// <summary>The one thread to interrupt; null interrupts every non-archived thread.</summary>
    [JsonPropertyName("session_thread_id")]
    public string? SessionThreadId { get; init; }
}
