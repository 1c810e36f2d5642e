using System.Text.Json.Serialization;

namespace Drover.Server.Files;

/// <summary>A file as the Files API shows it (<c>BetaFileMetadata</c> of the SDKs).</summary>
internal sealed record FileMetadata(
    string Id,
    string Filename,
    string MimeType,
    long SizeBytes,
    string CreatedAt,
    bool Downloadable,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FileScope? Scope)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = "file";
}

/// <summary>Where a file came from: <c>{"type": "session", "id": "sesn_..."}</c> for a session's output.</summary>
internal sealed record FileScope(string Id)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = "session";
}

/// <summary>The answer to a delete: <c>{"id": ..., "type": "file_deleted"}</c>.</summary>
internal sealed record FileDeleted(string Id)
{
    [JsonPropertyOrder(1)]
    public string Type { get; init; } = "file_deleted";
}

/// <summary>A page of <c>GET /v1/files</c>.</summary>
internal sealed record FileList(
    IReadOnlyList<FileMetadata> Data,
    bool HasMore,
    string? FirstId,
    string? LastId,
    string? NextPage);
