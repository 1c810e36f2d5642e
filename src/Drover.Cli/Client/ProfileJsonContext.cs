using System.Text.Json.Serialization;

namespace Drover.Cli.Client;

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(Dictionary<string, Profile>))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
