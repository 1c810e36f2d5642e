using System.Text.Json.Serialization;

namespace Drover.Harness;

/// <summary>Source-generated JSON for the harness's own members.</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(long))]
internal sealed partial class HarnessJsonContext : JsonSerializerContext;
