using System.Text.Json;
using Drover.Server.Api;

namespace Drover.Server.SelfHosted;

/// <summary>
/// The 412 for a heartbeat whose <c>expected_last_heartbeat</c> does not match: the error envelope with
/// <c>details: {error_code: "heartbeat_precondition_failed", current_state: {...}}</c>, the lease as the server holds it
/// (the TypeScript worker logs it; the SDKs map the code to <c>BetaHeartbeatPreconditionFailedError</c>).
/// </summary>
internal sealed class HeartbeatRefusal(WorkHeartbeat current, string message) : IResult
{
    public const string ErrorCode = "heartbeat_precondition_failed";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status412PreconditionFailed;
        response.ContentType = "application/json";
        response.Headers["x-should-retry"] = "false";
        var requestId = RequestIdMiddleware.Get(httpContext);
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("type", "error");
        writer.WriteStartObject("error");
        writer.WriteString("type", ApiErrorTypes.InvalidRequest);
        writer.WriteString("message", message);
        writer.WriteStartObject("details");
        writer.WriteString("error_code", ErrorCode);
        writer.WriteStartObject("current_state");
        if (current.LastHeartbeat is { Length: > 0 } last)
        {
            writer.WriteString("last_heartbeat", last);
        }
        else
        {
            writer.WriteNull("last_heartbeat");
        }

        writer.WriteBoolean("lease_extended", false);
        writer.WriteString("state", current.State);
        writer.WriteNumber("ttl_seconds", current.TtlSeconds);
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
        if (requestId is null)
        {
            writer.WriteNull("request_id");
        }
        else
        {
            writer.WriteString("request_id", requestId);
        }

        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
