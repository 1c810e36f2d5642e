using System.Text.Json.Serialization;

namespace Drover.Server.Environments;

/// <summary>The answer to a delete: <c>{"id": ..., "type": "environment_deleted"}</c> (never a 204, which the C# SDK cannot read).</summary>
internal sealed record EnvironmentDeleted(string Id)
{
    [JsonPropertyOrder(1)]
    public string Type { get; init; } = "environment_deleted";
}
