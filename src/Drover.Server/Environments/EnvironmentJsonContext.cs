using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Server.Environments;

/// <summary>Serialises environment documents the way the API writes them (snake_case, nulls written).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(EnvironmentDocument))]
[JsonSerializable(typeof(EnvironmentDeleted))]
internal sealed partial class EnvironmentJsonContext : JsonSerializerContext
{
    public static string Serialize(EnvironmentDocument document) => JsonSerializer.Serialize(document, Default.EnvironmentDocument);

    public static EnvironmentDocument Deserialize(string json) =>
        JsonSerializer.Deserialize(json, Default.EnvironmentDocument) ?? throw new JsonException("An environment document is null.");
}
