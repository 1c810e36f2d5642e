using System.Text.Json.Serialization;

namespace Drover.Server.Environments;

/// <summary>
/// An environment as stored and returned by every endpoint (wire-api §7.2). Timestamps are RFC 3339 text, as the
/// SDK keeps them. <c>description</c> is null when unset (an empty string is kept as given); <c>scope</c> is
/// written only when the client set it.
/// </summary>
internal sealed record EnvironmentDocument(
    string Id,
    string Name,
    string? Description,
    EnvironmentConfig Config,
    IReadOnlyDictionary<string, string> Metadata,
    string CreatedAt,
    string UpdatedAt,
    string? ArchivedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Scope)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = "environment";
}
