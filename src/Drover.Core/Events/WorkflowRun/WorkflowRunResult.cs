using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>How a workflow run ended: <see cref="Completed"/>, <see cref="Stopped"/>, or <see cref="Failed"/> with an <see cref="Error"/> (null otherwise).</summary>
public sealed record WorkflowRunResult
{
    public const string Completed = "completed";
    public const string Failed = "error";
    public const string Stopped = "stopped";

    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public required string Type { get; init; }

    [JsonPropertyName("error")]
    public WorkflowRunError? Error { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
