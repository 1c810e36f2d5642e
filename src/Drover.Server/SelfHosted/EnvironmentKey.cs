using System.Text.Json.Serialization;

namespace Drover.Server.SelfHosted;

/// <summary>
/// An environment key as stored (the <c>environment_key</c> resource's data) and as the key endpoints return it: the
/// credential a self-hosted worker polls with. Never holds the secret, only its hint; the store's unique name is the
/// secret's SHA-256.
/// </summary>
/// <param name="Id"><c>envkey_...</c>.</param>
/// <param name="EnvironmentId">The one self-hosted environment the key works for.</param>
/// <param name="Name">What the creator called it, 1 to 256 characters.</param>
/// <param name="PartialKeyHint">Enough of the secret to recognise it, such as <c>sk-drover-env-...AbCd</c>.</param>
/// <param name="CreatedAt">RFC 3339, UTC, milliseconds.</param>
/// <param name="RevokedAt">When it was revoked, or null while it works.</param>
public sealed record EnvironmentKey(
    [property: JsonPropertyOrder(-2)] string Id,
    string EnvironmentId,
    string Name,
    string PartialKeyHint,
    string CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? RevokedAt)
{
    [JsonPropertyOrder(-1)]
    public string Type => "environment_key";
}
