using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>The server's judgement of one tool call under the <c>auto</c> policy: <c>allow</c>, or <c>ask</c> / <c>deny</c> with a <see cref="ReasonCode"/>.</summary>
public sealed record AutoEvaluatedPermission
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public required string Type { get; init; }

    /// <summary>Why the call needs asking or was denied; null for <c>allow</c>.</summary>
    [JsonPropertyName("reason_code")]
    public string? ReasonCode { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
