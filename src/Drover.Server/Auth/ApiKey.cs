using System.Text.Json.Serialization;

namespace Drover.Server.Auth;

/// <summary>
/// An API key as stored (the <c>api_key</c> resource's data) and as the key management endpoints return
/// it. Never holds the secret: only its hint; the store's unique name is the secret's SHA-256.
/// </summary>
/// <param name="Id"><c>apikey_...</c>.</param>
/// <param name="Name">What the creator called it, 1 to 256 characters.</param>
/// <param name="Role">An <see cref="ApiKeyRoles"/> value.</param>
/// <param name="PartialKeyHint">Enough of the secret to recognise it, such as <c>sk-drover-...AbCd</c>.</param>
/// <param name="CreatedAt">RFC 3339, UTC, milliseconds.</param>
/// <param name="RevokedAt">When it was revoked (RFC 3339), or null while it works.</param>
public sealed record ApiKey(
    [property: JsonPropertyOrder(-2)] string Id,
    string Name,
    string Role,
    string PartialKeyHint,
    string CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? RevokedAt)
{
    [JsonPropertyOrder(-1)]
    public string Type => "api_key";
}
