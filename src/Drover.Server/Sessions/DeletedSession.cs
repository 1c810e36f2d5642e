using System.Text.Json.Serialization;

namespace Drover.Server.Sessions;

/// <summary>The tombstone <c>DELETE /v1/sessions/{id}</c> returns: <c>{"id": ..., "type": "session_deleted"}</c>.</summary>
internal sealed record DeletedSession([property: JsonPropertyName("id")] string Id)
{
    [JsonPropertyName("type")]
    public string Type { get; } = "session_deleted";
}
