using System.Text.Json.Serialization;

namespace Drover.Server.Sessions;

/// <summary>
/// A memory store attached to the session (<c>type: "memory_store"</c>). The SDK models it without an id or
/// timestamps. <see cref="Name"/>, <see cref="MountPath"/> and <see cref="Description"/> are snapshotted from
/// the store when memory stores exist in Drover; until then they are null and empty.
/// </summary>
internal sealed record MemoryStoreResource(
    [property: JsonPropertyName("memory_store_id")] string MemoryStoreId,
    [property: JsonPropertyName("access")] string Access,
    [property: JsonPropertyName("instructions")] string? Instructions)
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "memory_store";

    [JsonPropertyName("description")]
    public string Description { get; init; } = string.Empty;

    [JsonPropertyName("mount_path")]
    public string? MountPath { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }
}
