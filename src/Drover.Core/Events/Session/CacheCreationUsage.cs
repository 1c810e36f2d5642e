using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>Tokens written to the prompt cache, split by cache lifetime; null means not reported.</summary>
public sealed record CacheCreationUsage
{
    [JsonPropertyName("ephemeral_5m_input_tokens")]
    public long? Ephemeral5mInputTokens { get; init; }

    [JsonPropertyName("ephemeral_1h_input_tokens")]
    public long? Ephemeral1hInputTokens { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
