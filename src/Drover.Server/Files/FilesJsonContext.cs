using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Server.Files;

/// <summary>Serialises file documents the way the API writes them (snake_case).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StoredFile))]
[JsonSerializable(typeof(FileMetadata))]
[JsonSerializable(typeof(FileDeleted))]
[JsonSerializable(typeof(FileList))]
internal sealed partial class FilesJsonContext : JsonSerializerContext
{
    public static string Serialize(StoredFile file) => JsonSerializer.Serialize(file, Default.StoredFile);

    public static StoredFile Deserialize(string json) =>
        JsonSerializer.Deserialize(json, Default.StoredFile) ?? throw new JsonException("A file document is null.");
}
