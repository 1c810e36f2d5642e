using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A session's spending cap: work pauses with <c>budget_reached</c> once the list cost reaches <see cref="MaxListCost"/>.</summary>
public sealed record BudgetLimit
{
    public const string LimitType = "limit";

    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = LimitType;

    [JsonPropertyName("max_list_cost")]
    public required MonetaryAmount MaxListCost { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
