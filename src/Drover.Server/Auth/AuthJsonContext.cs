using System.Text.Json.Serialization;

namespace Drover.Server.Auth;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ApiKey))]
[JsonSerializable(typeof(CreatedApiKey))]
internal sealed partial class AuthJsonContext : JsonSerializerContext
{
}
