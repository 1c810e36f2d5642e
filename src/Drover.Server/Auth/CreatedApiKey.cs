using System.Text.Json.Serialization;

namespace Drover.Server.Auth;

/// <summary>The answer to creating a key: the <see cref="ApiKey"/> fields and, this once, the secret itself.</summary>
public sealed record CreatedApiKey(
    [property: JsonPropertyOrder(-2)] string Id,
    string Name,
    string Role,
    string PartialKeyHint,
    string CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? RevokedAt,
    string Key)
{
    [JsonPropertyOrder(-1)]
    public string Type => "api_key";

    public static CreatedApiKey From(ApiKey key, string secret)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(key.Id, key.Name, key.Role, key.PartialKeyHint, key.CreatedAt, key.RevokedAt, secret);
    }
}
