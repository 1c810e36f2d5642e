namespace Drover.Harness.Mcp;

/// <summary>
/// The harness's window on the vaults: the credential for an MCP server and the secret values to keep out of the log.
/// Implementations read the store on every call, so a rotated or archived credential takes effect at its next use.
/// </summary>
public interface IVaultCredentials
{
    /// <summary>
    /// The bearer token for <paramref name="serverUrl"/> from the first of <paramref name="vaultIds"/> holding an
    /// active credential whose URL matches (after normalisation); null when none does. An expired <c>mcp_oauth</c>
    /// token with refresh settings is refreshed first (and the new token stored).
    /// </summary>
    Task<McpBearer?> FindMcpAsync(IReadOnlyList<string> vaultIds, string serverUrl, CancellationToken cancellationToken);

    /// <summary>
    /// The server refused <paramref name="rejected"/>: refresh it if it is an <c>mcp_oauth</c> credential with a refresh
    /// token, or return the credential's current token if it was rotated meanwhile; null when there is nothing new.
    /// </summary>
    Task<McpBearer?> RenewAsync(McpBearer rejected, CancellationToken cancellationToken);

    /// <summary>Every secret value held by the vaults' active credentials, for redaction.</summary>
    Task<IReadOnlyList<string>> SecretValuesAsync(IReadOnlyList<string> vaultIds, CancellationToken cancellationToken);
}

/// <summary>A bearer token and where it came from (never logged, never written to an event).</summary>
public sealed record McpBearer(string VaultId, string CredentialId, string Token)
{
    public override string ToString() => $"McpBearer {{ VaultId = {VaultId}, CredentialId = {CredentialId} }}";
}
