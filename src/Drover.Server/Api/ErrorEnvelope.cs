using System.Text.Json.Serialization;

namespace Drover.Server.Api;

/// <summary>The body of every error response: <c>{"type":"error","error":{...},"request_id":"req_..."}</c>.</summary>
public sealed record ErrorEnvelope(
    [property: JsonPropertyName("error")] ErrorBody Error,
    [property: JsonPropertyName("request_id")] string? RequestId)
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public string Type => "error";
}

/// <summary>What went wrong: an <see cref="ApiErrorTypes"/> string and a message that names the field and the rule.</summary>
public sealed record ErrorBody(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("details")][property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ErrorDetails? Details = null);

/// <summary>Machine-readable detail the SDKs map to typed exceptions (e.g. <c>heartbeat_precondition_failed</c>).</summary>
public sealed record ErrorDetails([property: JsonPropertyName("error_code")] string ErrorCode);
