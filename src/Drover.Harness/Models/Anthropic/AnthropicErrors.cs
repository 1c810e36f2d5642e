using System.Net;
using Anthropic.Exceptions;
using Drover.Events;

namespace Drover.Harness.Models.Anthropic;

/// <summary>
/// Decides, for every way an Anthropic request can fail, the <c>session.error</c> type, whether retrying may help,
/// and a message the client may see (what happened, and what to set when it is configuration).
/// </summary>
internal static class AnthropicErrors
{
    public static ModelException MissingApiKey() =>
        new(SessionErrorTypes.ModelRequestFailed,
            $"No Anthropic API key is configured: set {AnthropicModelOptions.ApiKeyVariable} on the Drover server to use Claude models.",
            transient: false);

    public static ModelException InvalidBaseUrl(string baseUrl) =>
        new(SessionErrorTypes.ModelRequestFailed,
            $"{AnthropicModelOptions.BaseUrlVariable} is '{baseUrl}', which is not an absolute http or https URL.",
            transient: false);

    public static ModelException TimedOut(string baseUrl, TimeSpan timeout, bool started) =>
        new(SessionErrorTypes.ModelRequestFailed,
            started
                ? $"The Anthropic API at {baseUrl} stopped streaming for {timeout.TotalSeconds:0.#} s."
                : $"The Anthropic API at {baseUrl} did not answer within {timeout.TotalSeconds:0.#} s.",
            transient: true);

    /// <summary>Maps an exception from the SDK or the HTTP stack; <paramref name="started"/> says whether stream events had arrived.</summary>
    public static ModelException Map(Exception exception, string baseUrl, TimeSpan? retryAfter, bool started) => exception switch
    {
        AnthropicApiException api => FromStatus((int)api.StatusCode, api.Type?.Raw(), api.ApiMessage ?? api.ResponseBody, exception, retryAfter),
        AnthropicSseException sse => FromStreamError(sse.Type?.Raw(), sse.ApiMessage ?? sse.Message, exception),
        AnthropicInvalidDataException => new(SessionErrorTypes.ModelRequestFailed,
            $"The Anthropic API at {baseUrl} sent a response Drover could not read: {exception.Message}", transient: false, exception),
        AnthropicIOException or HttpRequestException or IOException => Unreachable(exception, baseUrl, started),
        _ => new(SessionErrorTypes.ModelRequestFailed, $"The Anthropic request failed: {exception.Message}", transient: false, exception),
    };

    private static ModelException FromStatus(int status, string? type, string? apiMessage, Exception exception, TimeSpan? retryAfter)
    {
        var detail = $"{status} {type ?? ((HttpStatusCode)status).ToString()}: {apiMessage}";
        return status switch
        {
            429 => new(SessionErrorTypes.ModelRateLimited, $"The Anthropic API is rate limiting requests ({detail}).", transient: true, exception) { RetryAfter = retryAfter },
            529 => Overloaded(detail, exception, retryAfter),
            _ when type == "overloaded_error" => Overloaded(detail, exception, retryAfter),
            401 or 403 => new(SessionErrorTypes.ModelRequestFailed,
                $"The Anthropic API refused the credentials ({detail}); check {AnthropicModelOptions.ApiKeyVariable}.", transient: false, exception),
            408 or >= 500 => new(SessionErrorTypes.ModelRequestFailed, $"The Anthropic API failed ({detail}).", transient: true, exception) { RetryAfter = retryAfter },
            _ => new(SessionErrorTypes.ModelRequestFailed, $"The Anthropic API refused the request ({detail}).", transient: false, exception),
        };
    }

    // An error event inside a 200 stream: the API's way to report overload or an internal failure mid-response.
    private static ModelException FromStreamError(string? type, string message, Exception exception) => type switch
    {
        "overloaded_error" => Overloaded($"{type}: {message}", exception, retryAfter: null),
        "rate_limit_error" => new(SessionErrorTypes.ModelRateLimited, $"The Anthropic API is rate limiting requests ({type}: {message}).", transient: true, exception),
        "api_error" or "timeout_error" or null => new(SessionErrorTypes.ModelRequestFailed, $"The Anthropic API failed mid-response ({type}: {message}).", transient: true, exception),
        _ => new(SessionErrorTypes.ModelRequestFailed, $"The Anthropic API stopped the response ({type}: {message}).", transient: false, exception),
    };

    private static ModelException Overloaded(string detail, Exception exception, TimeSpan? retryAfter) =>
        new(SessionErrorTypes.ModelOverloaded, $"The Anthropic API is overloaded ({detail}).", transient: true, exception) { RetryAfter = retryAfter };

    private static ModelException Unreachable(Exception exception, string baseUrl, bool started)
    {
        var cause = exception is AnthropicIOException { InnerException: { } inner } ? inner.Message : exception.Message;
        return new(SessionErrorTypes.ModelRequestFailed,
            started
                ? $"The connection to the Anthropic API at {baseUrl} broke mid-response: {cause}"
                : $"Could not reach the Anthropic API at {baseUrl} ({cause}); check {AnthropicModelOptions.BaseUrlVariable} and the network.",
            transient: true, exception);
    }
}
