using System.Text.Json.Serialization;

namespace Drover.Server.SelfHosted;

// Never: the work shapes have every key present, null or not (the C# SDK requires them).
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(EnvironmentKey))]
[JsonSerializable(typeof(CreatedEnvironmentKey))]
[JsonSerializable(typeof(WorkDocument))]
[JsonSerializable(typeof(Work))]
[JsonSerializable(typeof(WorkHeartbeat))]
[JsonSerializable(typeof(WorkQueueStats))]
internal sealed partial class SelfHostedJsonContext : JsonSerializerContext
{
}
