using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// Why a workflow run failed or was not created: <c>timeout_error</c>, <c>program_error</c>, <c>unknown_error</c>,
/// <c>thread_limit_error</c> or <c>max_workflow_runs_error</c>.
/// </summary>
public sealed record WorkflowRunError
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public required string Type { get; init; }

    [JsonPropertyName("message")]
    public required string Message { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
