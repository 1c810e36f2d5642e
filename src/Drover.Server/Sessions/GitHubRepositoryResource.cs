using System.Text.Json.Serialization;
using Drover.Events.Serialization;

namespace Drover.Server.Sessions;

/// <summary>A GitHub repository cloned into the session's sandbox (<c>type: "github_repository"</c>). The token is never part of it.</summary>
internal sealed record GitHubRepositoryResource(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("mount_path")] string MountPath,
    [property: JsonPropertyName("checkout")] GitCheckout? Checkout,
    [property: JsonPropertyName("created_at"), JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("updated_at"), JsonConverter(typeof(UtcTimestampConverter))] DateTimeOffset UpdatedAt)
{
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; } = "github_repository";
}
