using System.Text.Json.Serialization;

namespace Drover.Server.Vaults;

/// <summary>A credential as returned (<c>BetaManagedAgentsCredential</c>): its <see cref="Auth"/> never holds a secret.</summary>
internal sealed record CredentialDocument(
    string Id,
    string VaultId,
    string? DisplayName,
    IReadOnlyDictionary<string, string> Metadata,
    CredentialAuth Auth,
    string CreatedAt,
    string UpdatedAt,
    string? ArchivedAt)
{
    [JsonPropertyOrder(-1)]
    public string Type { get; init; } = "vault_credential";
}

/// <summary>
/// How a credential is stored: the document served to clients, and its secrets sealed by <see cref="SecretBox"/>
/// (null once archived: archiving purges them).
/// </summary>
internal sealed record StoredCredential(CredentialDocument Credential, string? Sealed);

/// <summary>
/// The public part of a credential's <c>auth</c>, one shape for the three types; members a type does not have are
/// null and not written.
/// </summary>
internal sealed record CredentialAuth
{
    public const string McpOAuth = "mcp_oauth";
    public const string StaticBearer = "static_bearer";
    public const string EnvironmentVariable = "environment_variable";

    [JsonPropertyOrder(-1)]
    public required string Type { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? McpServerUrl { get; init; }

    /// <summary>mcp_oauth: when the access token expires (RFC 3339); absent when unknown.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExpiresAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public OAuthRefresh? Refresh { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SecretName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CredentialNetworking? Networking { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public InjectionLocation? InjectionLocation { get; init; }

    /// <summary>The key that is unique among a vault's active credentials: the MCP server URL, or the variable's name.</summary>
    [JsonIgnore]
    public string Key => McpServerUrl ?? SecretName ?? string.Empty;
}

/// <summary>mcp_oauth refresh settings; the refresh token and client secret are secrets, kept apart.</summary>
internal sealed record OAuthRefresh(string TokenEndpoint, string ClientId, TokenEndpointAuth TokenEndpointAuth, string? Scope, string? Resource);

/// <summary><c>none</c>, <c>client_secret_basic</c> or <c>client_secret_post</c>.</summary>
internal sealed record TokenEndpointAuth(string Type);

/// <summary><c>unrestricted</c>, or <c>limited</c> with the hosts the secret is substituted on.</summary>
internal sealed record CredentialNetworking(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? AllowedHosts);

/// <summary>Where in an outbound request the placeholder is replaced.</summary>
internal sealed record InjectionLocation(bool Body, bool Header);

/// <summary>A credential's secrets, encrypted as one JSON object; never written anywhere in the clear.</summary>
internal sealed record CredentialSecrets
{
    public string? Token { get; init; }

    public string? AccessToken { get; init; }

    public string? RefreshToken { get; init; }

    public string? ClientSecret { get; init; }

    public string? SecretValue { get; init; }

    /// <summary>Every secret value held, for redaction.</summary>
    public IEnumerable<string> Values() => new[] { Token, AccessToken, RefreshToken, ClientSecret, SecretValue }.Where(v => !string.IsNullOrEmpty(v))!;
}
