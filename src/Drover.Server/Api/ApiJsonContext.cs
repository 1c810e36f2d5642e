using System.Text.Json.Serialization;
using Drover.Server.Sessions;

namespace Drover.Server.Api;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(SessionDocument))]
[JsonSerializable(typeof(FileResource))]
[JsonSerializable(typeof(GitHubRepositoryResource))]
[JsonSerializable(typeof(MemoryStoreResource))]
[JsonSerializable(typeof(SessionCredentials))]
[JsonSerializable(typeof(DeletedSession))]
internal sealed partial class ApiJsonContext : JsonSerializerContext
{
}
