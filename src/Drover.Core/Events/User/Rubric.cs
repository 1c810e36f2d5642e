using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// How an outcome is graded: <see cref="TextType"/> with <see cref="Content"/> (at most 262,144 characters), or
/// <see cref="FileType"/> with <see cref="FileId"/>. The echo may show a file rubric resolved to text.
/// </summary>
public sealed record Rubric
{
    public const string TextType = "text";
    public const string FileType = "file";

    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public required string Type { get; init; }

    [JsonPropertyName("content")]
    public string? Content { get; init; }

    [JsonPropertyName("file_id")]
    public string? FileId { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
