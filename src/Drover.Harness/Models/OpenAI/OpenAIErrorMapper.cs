using System.ClientModel;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Drover.Harness.Models.OpenAI;

/// <summary>Turns what the OpenAI SDK throws into a <see cref="ModelException"/> whose message says what happened and what to set.</summary>
internal static class OpenAIErrorMapper
{
    private const int MaxEndpointMessageLength = 500;

    /// <summary>The error for <paramref name="exception"/>, or null when it is the caller's own cancellation, which must propagate.</summary>
    public static ModelException? Map(Exception exception, OpenAIEndpointOptions endpoint, string model, CancellationToken cancellationToken)
    {
        var where = $"The model endpoint '{endpoint.Name}' at {endpoint.BaseUrl}";
        return exception switch
        {
            OperationCanceledException when cancellationToken.IsCancellationRequested => null,
            ModelException => null,
            OperationCanceledException or TimeoutException => Failed(
                $"{where} did not answer within {endpoint.Timeout.TotalSeconds:0.###} s (Models:OpenAI:{endpoint.Name}:Timeout).", transient: true, exception),
            ClientResultException { Status: 0 } => Failed(
                $"{where} could not be reached: {exception.Message}", transient: true, exception),
            ClientResultException result => FromStatus(result, where, endpoint, model),
            HttpRequestException or IOException => Failed(
                $"{where} broke off the response: {exception.Message}", transient: true, exception),
            _ => Failed($"{where}: the exchange for model '{model}' failed: {exception.Message}", transient: false, exception),
        };
    }

    private static ModelException FromStatus(ClientResultException exception, string where, OpenAIEndpointOptions endpoint, string model)
    {
        var status = exception.Status;
        var said = EndpointMessage(exception);
        var code = exception.GetRawResponse()?.ReasonPhrase is { Length: > 0 } reason ? $"{status} {reason}" : $"{status} {(HttpStatusCode)status}";
        return status switch
        {
            429 => new ModelException("model_rate_limited_error", $"{where} is rate limiting requests ({code}): {said}", transient: true, exception)
            {
                RetryAfter = RetryAfter(exception),
            },
            529 => new ModelException("model_overloaded_error", $"{where} is overloaded ({code}): {said}", transient: true, exception)
            {
                RetryAfter = RetryAfter(exception),
            },
            401 or 403 => Failed(
                endpoint.ApiKey is null
                    ? $"{where} refused the request ({code}): {said}. It needs an API key: set {endpoint.ApiKeyConfigurationKey}."
                    : $"{where} refused the API key ({code}): {said}. Check {endpoint.ApiKeyConfigurationKey}.",
                transient: false, exception),
            404 => Failed(
                $"{where} answered {code} for model '{model}': {said}. Check the model name, and that "
                + $"Models:OpenAI:{endpoint.Name}:BaseUrl ends with the API version (e.g. /v1).",
                transient: false, exception),
            408 or >= 500 => Failed($"{where} failed ({code}): {said}", transient: true, exception),
            _ => Failed($"{where} rejected the request for model '{model}' ({code}): {said}", transient: false, exception),
        };
    }

    private static ModelException Failed(string message, bool transient, Exception inner) =>
        new("model_request_failed_error", message, transient, inner);

    // OpenAI and most compatible servers answer {"error":{"message":...}}; some {"error":"..."} or {"message":...}.
    private static string EndpointMessage(ClientResultException exception)
    {
        string body;
        try
        {
            body = exception.GetRawResponse()?.Content?.ToString() ?? "";
        }
        catch (InvalidOperationException)
        {
            // The body of a streamed response is readable only once buffered; without it the SDK's message must do.
            body = "";
        }

        var message = body.Length == 0 ? exception.Message : FromJson(body) ?? body;
        message = message.Trim();
        return message.Length <= MaxEndpointMessageLength ? message : message[..MaxEndpointMessageLength] + "...";
    }

    private static string? FromJson(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString();
                }

                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var nested) && nested.ValueKind == JsonValueKind.String)
                {
                    return nested.GetString();
                }
            }

            return root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan? RetryAfter(ClientResultException exception)
    {
        var headers = exception.GetRawResponse()?.Headers;
        if (headers is null)
        {
            return null;
        }

        if (headers.TryGetValue("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        return headers.TryGetValue("retry-after", out var seconds)
            && double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0
                ? TimeSpan.FromSeconds(s)
                : null;
    }
}
