using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// Which permission policy decided a tool call: <see cref="AlwaysAllow"/>, <see cref="AlwaysAsk"/>, or <see cref="Auto"/>,
/// where <see cref="EvaluatedPermission"/> holds the server's judgement of this one call (null for the other two).
/// </summary>
public sealed record ToolEvaluation
{
    public const string AlwaysAllow = "always_allow";
    public const string AlwaysAsk = "always_ask";
    public const string Auto = "auto";

    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public required string Type { get; init; }

    [JsonPropertyName("evaluated_permission")]
    public AutoEvaluatedPermission? EvaluatedPermission { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
