using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>Token usage of one model request, or summed over an outcome evaluation cycle's grader requests.</summary>
public sealed record ModelUsage
{
    [JsonPropertyName("input_tokens")]
    public required long InputTokens { get; init; }

    [JsonPropertyName("output_tokens")]
    public required long OutputTokens { get; init; }

    [JsonPropertyName("cache_creation_input_tokens")]
    public required long CacheCreationInputTokens { get; init; }

    [JsonPropertyName("cache_read_input_tokens")]
    public required long CacheReadInputTokens { get; init; }

    /// <summary>The speed tier the request ran at (<c>standard</c> or <c>fast</c>); null unless the fast-mode beta is active.</summary>
    [JsonPropertyName("speed")]
    public string? Speed { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
