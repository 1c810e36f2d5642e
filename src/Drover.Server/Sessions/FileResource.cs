using System.Text.Json.Serialization;
using Drover.Events.Serialization;

namespace Drover.Server.Sessions;

/// <summary>A file mounted read-only into the session's sandbox (<c>type: "file"</c>).</summary>
internal sealed record FileResource(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("file_id")] string FileId,
    [property: JsonPropertyName("mount_path")] string MountPath,
    [property: JsonPropertyName("created_at"), JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at"), JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset UpdatedAt)
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "file";
}
