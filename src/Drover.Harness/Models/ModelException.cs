namespace Drover.Harness.Models;

/// <summary>
/// A model request failed. <see cref="Transient"/> failures (rate limits, overload, 5xx, timeouts, an unreachable
/// endpoint) are retried with backoff; the others end the turn. <see cref="Exception.Message"/> is shown to the
/// client in a <c>session.error</c>, so it says what happened and, for configuration problems, what to set.
/// </summary>
public sealed class ModelException(string errorType, string message, bool transient, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>The <c>session.error</c> type: <c>model_overloaded_error</c>, <c>model_rate_limited_error</c> or <c>model_request_failed_error</c>.</summary>
    public string ErrorType { get; } = errorType;

    /// <summary>Whether trying again later may succeed.</summary>
    public bool Transient { get; } = transient;

    /// <summary>How long the provider asked us to wait (<c>retry-after</c>), when it said.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
