
namespace Drover.Server.Api;

/// <summary>
/// A request the API refuses. Its message is shown to the client verbatim, so it names the field and
/// the rule broken and never carries internals. Anything else thrown by a handler is a 500 with a
/// generic message.
/// </summary>
public sealed class ApiException(int status, string type, string message, string? errorCode = null) : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? ErrorCode { get; } = errorCode;

    public static ApiException InvalidRequest(string message, string? errorCode = null) =>
        new(StatusCodes.Status400BadRequest, ApiErrorTypes.InvalidRequest, message, errorCode);

    /// <summary>A 409: the request conflicts with the resource's state (version mismatch, name taken, archived).</summary>
    public static ApiException Conflict(string message, string? errorCode = null) =>
        new(StatusCodes.Status409Conflict, ApiErrorTypes.InvalidRequest, message, errorCode);

    public static ApiException NotFound(string message) =>
        new(StatusCodes.Status404NotFound, ApiErrorTypes.NotFound, message);

    public static ApiException Authentication(string message) =>
        new(StatusCodes.Status401Unauthorized, ApiErrorTypes.Authentication, message);

    public static ApiException PermissionDenied(string message) =>
        new(StatusCodes.Status403Forbidden, ApiErrorTypes.Permission, message);

    public static ApiException TooLarge(string message) =>
        new(StatusCodes.Status413PayloadTooLarge, ApiErrorTypes.RequestTooLarge, message);
}
