using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>An amount of money.</summary>
public sealed record MonetaryAmount
{
    /// <summary>Minor units (cents) as an integer string without leading zeros, so no float rounding applies: <c>"2500"</c> is 25.00 USD.</summary>
    [JsonPropertyName("amount")]
    public required string Amount { get; init; }

    /// <summary>Uppercase ISO 4217 code; only <c>USD</c> today.</summary>
    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
