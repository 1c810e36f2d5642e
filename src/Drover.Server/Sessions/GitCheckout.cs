using System.Text.Json.Serialization;

namespace Drover.Server.Sessions;

/// <summary>What to check out of a repository: <c>{type:"branch", name}</c> or <c>{type:"commit", sha}</c>; the other member is left out.</summary>
internal sealed record GitCheckout(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null,
    [property: JsonPropertyName("sha"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Sha = null);
