using System.Text.Json.Serialization;

namespace Drover.Server.Vaults;

/// <summary>A vault as stored and returned (<c>BetaManagedAgentsVault</c>).</summary>
internal sealed record VaultDocument(
    string Id,
    string DisplayName,
    IReadOnlyDictionary<string, string> Metadata,
    string CreatedAt,
    string UpdatedAt,
    string? ArchivedAt)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = "vault";
}

/// <summary>The answer to a vault delete.</summary>
internal sealed record VaultDeleted(string Id)
{
    public string Type { get; init; } = "vault_deleted";
}

/// <summary>The answer to a credential delete.</summary>
internal sealed record CredentialDeleted(string Id)
{
    public string Type { get; init; } = "vault_credential_deleted";
}
