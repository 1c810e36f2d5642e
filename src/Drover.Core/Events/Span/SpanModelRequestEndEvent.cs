using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A model request ended. It also closes any live preview (<c>event_start</c>) the request left unreconciled.</summary>
public sealed record SpanModelRequestEndEvent() : SessionEvent(EventTypes.SpanModelRequestEnd)
{
    /// <summary>The id of the matching <c>span.model_request_start</c>.</summary>
    [JsonPropertyName("model_request_start_id")]
    public required string ModelRequestStartId { get; init; }

    /// <summary>True when the request failed; written as an explicit null when not stated.</summary>
    [JsonPropertyName("is_error")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public bool? IsError { get; init; }

    [JsonPropertyName("model_usage")]
    public required ModelUsage ModelUsage { get; init; }
}
