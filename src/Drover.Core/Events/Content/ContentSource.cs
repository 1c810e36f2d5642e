using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>
/// Where an image or document comes from. Which members are set depends on <see cref="Type"/>:
/// <c>base64</c> has <see cref="Data"/> and <see cref="MediaType"/>; <c>text</c> (documents only) has <see cref="Data"/>
/// and <see cref="MediaType"/> <c>text/plain</c>; <c>url</c> has <see cref="Url"/>; <c>file</c> has <see cref="FileId"/>.
/// The others are null.
/// </summary>
public sealed record ContentSource
{
    public const string Base64Type = "base64";
    public const string TextType = "text";
    public const string UrlType = "url";
    public const string FileType = "file";

    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public required string Type { get; init; }

    [JsonPropertyName("data")]
    public string? Data { get; init; }

    [JsonPropertyName("media_type")]
    public string? MediaType { get; init; }

    [JsonPropertyName("url")]
    public string? Url { get; init; }

    [JsonPropertyName("file_id")]
    public string? FileId { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
