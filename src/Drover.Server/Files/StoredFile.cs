using System.Text.Json.Serialization;

namespace Drover.Server.Files;

/// <summary>
/// A file's document in the resource store (kind <see cref="FileStore.Kind"/>): the metadata the API shows, plus, for a
/// session output, where in <c>/mnt/session/outputs</c> it was found and the size and modification time it had then,
/// so that indexing the same output again finds it unchanged.
/// </summary>
internal sealed record StoredFile(
    string Id,
    string Filename,
    string MimeType,
    long SizeBytes,
    string CreatedAt,
    bool Downloadable,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FileScope? Scope,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OutputPath = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? OutputModifiedMs = null)
{
    public FileMetadata ToMetadata() => new(Id, Filename, MimeType, SizeBytes, CreatedAt, Downloadable, Scope);
}
