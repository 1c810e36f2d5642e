using System.Text.Json.Serialization;

namespace Drover.Server.SelfHosted;

/// <summary>The answer to creating an environment key: the <see cref="EnvironmentKey"/> fields and, this once, the secret.</summary>
public sealed record CreatedEnvironmentKey(
    [property: JsonPropertyOrder(-2)] string Id,
    string EnvironmentId,
    string Name,
    string PartialKeyHint,
    string CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? RevokedAt,
    string Key)
{
    [JsonPropertyOrder(-1)]
    public string Type => "environment_key";

    public static CreatedEnvironmentKey From(EnvironmentKey key, string secret)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key.Id, key.EnvironmentId, key.Name, key.PartialKeyHint, key.CreatedAt, key.RevokedAt, secret);
    }
}
