using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A phase a workflow run's plan declares.</summary>
public sealed record WorkflowRunPhase
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Written as an explicit null when the plan gave none.</summary>
    [JsonPropertyName("description")]
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Description { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
