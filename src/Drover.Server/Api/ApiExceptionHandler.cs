using System.Text.Json;
using Drover.Resources;
using Drover.Sessions;
using Microsoft.AspNetCore.Diagnostics;

namespace Drover.Server.Api;

/// <summary>Turns exceptions into the error envelope: known refusals into their 4xx, anything else into a logged 500.</summary>
internal sealed partial class ApiExceptionHandler(ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var error = Map(exception);
        if (error is null)
        {
            LogUnhandled(logger, exception, context.Request.Method, context.Request.Path);
            await ApiErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, ApiErrorTypes.Api, "Internal server error.");
            return true;
        }

        await ApiErrors.WriteAsync(context, error);
        return true;
    }

    /// <summary>The client-facing form of an exception, or null when it is a server fault.</summary>
    internal static ApiException? Map(Exception exception) => exception switch
    {
        ApiException api => api,
        SessionNotFoundException e => ApiException.NotFound(e.Message),
        SequenceConflictException or StaleLeaseException or SessionAlreadyExistsException => ApiException.Conflict(exception.Message),
        ResourceNotFoundException e => ApiException.NotFound(e.Message),
        ResourceAlreadyExistsException or ResourceNameTakenException or ResourceVersionConflictException => ApiException.Conflict(exception.Message),

        // Every list endpoint takes its cursor as the page parameter.
        InvalidCursorException e => ApiException.InvalidRequest($"page: {e.Message}"),
        InvalidEventException { TooLarge: true } e => ApiException.TooLarge(e.Message),
        InvalidEventException e => ApiException.InvalidRequest(e.Message),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => ApiException.TooLarge("The request body is too large."),
        BadHttpRequestException { InnerException: JsonException json } => ApiException.InvalidRequest($"The request body is not valid JSON: {json.Message}"),
        BadHttpRequestException bad => new ApiException(bad.StatusCode, ApiErrorTypes.InvalidRequest, bad.Message),
        JsonException json => ApiException.InvalidRequest($"The request body is not valid JSON: {json.Message}"),
        _ => null,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
