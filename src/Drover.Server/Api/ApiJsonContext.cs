using System.Text.Json.Serialization;

namespace Drover.Server.Api;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ErrorEnvelope))]
internal sealed partial class ApiJsonContext : JsonSerializerContext
{
}
