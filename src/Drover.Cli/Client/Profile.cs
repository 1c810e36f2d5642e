using System.Text.Json.Serialization;

namespace Drover.Cli.Client;

/// <summary>A saved connection (<c>drover login</c>): one entry of <c>~/.config/drover/profiles.json</c>.</summary>
internal sealed record Profile(
    [property: JsonPropertyName("base_url")] string BaseUrl,
    [property: JsonPropertyName("api_key")] string ApiKey);
