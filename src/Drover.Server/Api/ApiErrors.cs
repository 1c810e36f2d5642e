using System.Text.Json;

namespace Drover.Server.Api;

/// <summary>Writes the Anthropic error envelope.</summary>
public static class ApiErrors
{
    public static async Task WriteAsync(HttpContext context, int status, string type, string message, string? errorCode = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        response.ContentType = "application/json";

        // The exception handler clears the response, headers included, before it gets here.
        var requestId = RequestIdMiddleware.Get(context);
        if (requestId is not null)
        {
            response.Headers["request-id"] = requestId;
        }

        if (status is >= 400 and < 500 and not StatusCodes.Status408RequestTimeout and not StatusCodes.Status429TooManyRequests)
        {
            // The SDKs retry 408/409/429/5xx by default; a business refusal will not change on retry.
            response.Headers["x-should-retry"] = "false";
        }

        var envelope = new ErrorEnvelope(
            new ErrorBody(type, message, errorCode is null ? null : new ErrorDetails(errorCode)),
            requestId);
        await JsonSerializer.SerializeAsync(response.Body, envelope, ApiJsonContext.Default.ErrorEnvelope, context.RequestAborted);
    }

    public static Task WriteAsync(HttpContext context, ApiException error) =>
        WriteAsync(context, error.Status, error.Type, error.Message, error.ErrorCode);

    /// <summary>The envelope for a bare status code (unknown route, wrong method) that no handler answered.</summary>
    public static Task WriteForStatusAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var (type, message) = status switch
        {
            StatusCodes.Status404NotFound => (ApiErrorTypes.NotFound, $"No endpoint {context.Request.Method} {context.Request.Path}."),
            StatusCodes.Status405MethodNotAllowed => (ApiErrorTypes.InvalidRequest, $"Method {context.Request.Method} is not allowed on {context.Request.Path}."),
            StatusCodes.Status401Unauthorized => (ApiErrorTypes.Authentication, "A valid API key is required (x-api-key or Authorization: Bearer)."),
            StatusCodes.Status413PayloadTooLarge => (ApiErrorTypes.RequestTooLarge, "The request body is too large."),
            StatusCodes.Status415UnsupportedMediaType => (ApiErrorTypes.InvalidRequest, "The request body must be JSON (content-type: application/json)."),
            >= 500 => (ApiErrorTypes.Api, "Internal server error."),
            _ => (ApiErrorTypes.InvalidRequest, "The request is invalid."),
        };
        return WriteAsync(context, status, type, message);
    }
}
