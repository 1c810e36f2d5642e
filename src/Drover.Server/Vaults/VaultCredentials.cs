using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Drover.Harness.Mcp;
using Drover.Resources;
using Drover.Server.Api;

namespace Drover.Server.Vaults;

/// <summary>
/// The harness's view of the vaults (<see cref="IVaultCredentials"/>): credentials are read from the store at each
/// use, so rotation and archiving take effect at once; expired <c>mcp_oauth</c> tokens are refreshed with the stored
/// refresh token (OAuth 2.0 <c>refresh_token</c> grant) and the new tokens sealed back into the credential.
/// </summary>
internal sealed partial class VaultCredentials(VaultStore vaults, ILogger<VaultCredentials> logger) : IVaultCredentials, IDisposable
{
    // Refresh this long before the stated expiry, so a token does not expire in flight.
    private static readonly TimeSpan s_expirySkew = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _refreshLocks = new(StringComparer.Ordinal);

    public async Task<McpBearer?> FindMcpAsync(IReadOnlyList<string> vaultIds, string serverUrl, CancellationToken cancellationToken)
    {
        foreach (var vaultId in vaultIds)
        {
            await foreach (var record in vaults.CredentialsOfAsync(vaultId, includeArchived: false, cancellationToken))
            {
                var stored = VaultJsonContext.DeserializeCredential(record.Data);
                if (stored.Credential.Auth.McpServerUrl is { } url && McpUrl.Matches(url, serverUrl))
                {
                    return await BearerAsync(record, stored, forceRefresh: false, cancellationToken);
                }
            }
        }

        return null;
    }

    public async Task<McpBearer?> RenewAsync(McpBearer rejected, CancellationToken cancellationToken)
    {
        var record = await vaults.Resources.GetAsync(VaultStore.CredentialKind, rejected.CredentialId, cancellationToken: cancellationToken);
        if (record is null || record.ArchivedAt is not null)
        {
            return null;
        }

        var stored = VaultJsonContext.DeserializeCredential(record.Data);
        var current = await BearerAsync(record, stored, forceRefresh: false, cancellationToken);
        if (current is not null && current.Token != rejected.Token)
        {
            return current;
        }

        var refreshed = await BearerAsync(record, stored, forceRefresh: true, cancellationToken);
        return refreshed is not null && refreshed.Token != rejected.Token ? refreshed : null;
    }

    public async Task<IReadOnlyList<string>> SecretValuesAsync(IReadOnlyList<string> vaultIds, CancellationToken cancellationToken)
    {
        var values = new List<string>();
        foreach (var vaultId in vaultIds)
        {
            await foreach (var record in vaults.CredentialsOfAsync(vaultId, includeArchived: false, cancellationToken))
            {
                values.AddRange(vaults.Open(VaultJsonContext.DeserializeCredential(record.Data)).Values());
            }
        }

        return values;
    }

    private async Task<McpBearer?> BearerAsync(ResourceRecord record, StoredCredential stored, bool forceRefresh, CancellationToken cancellationToken)
    {
        var auth = stored.Credential.Auth;
        var secrets = vaults.Open(stored);
        if (auth.Type == CredentialAuth.StaticBearer)
        {
            return secrets.Token is { } token ? new McpBearer(stored.Credential.VaultId, record.Id, token) : null;
        }

        if (auth.Type != CredentialAuth.McpOAuth)
        {
            return null;
        }

        var expired = auth.ExpiresAt is { } at && DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) <= vaults.Time.GetUtcNow() + s_expirySkew;
        if ((expired || forceRefresh) && auth.Refresh is not null && secrets.RefreshToken is not null)
        {
            return await RefreshAsync(record.Id, secrets.AccessToken, cancellationToken) ?? (expired ? null : Bearer(stored, record.Id, secrets));
        }

        return Bearer(stored, record.Id, secrets);
    }

    private static McpBearer? Bearer(StoredCredential stored, string id, CredentialSecrets secrets) =>
        secrets.AccessToken is { } access ? new McpBearer(stored.Credential.VaultId, id, access) : null;

    /// <summary>
    /// Refreshes the credential unless someone did since <paramref name="staleAccessToken"/> was read (one refresh at a
    /// time per credential in this process). Returns the new bearer, or null when the token endpoint refused.
    /// </summary>
    private async Task<McpBearer?> RefreshAsync(string credentialId, string? staleAccessToken, CancellationToken cancellationToken)
    {
        var gate = _refreshLocks.GetOrAdd(credentialId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var record = await vaults.Resources.GetAsync(VaultStore.CredentialKind, credentialId, cancellationToken: cancellationToken);
                if (record is null || record.ArchivedAt is not null)
                {
                    return null;
                }

                var stored = VaultJsonContext.DeserializeCredential(record.Data);
                var secrets = vaults.Open(stored);
                if (secrets.AccessToken != staleAccessToken && secrets.AccessToken is not null)
                {
                    // Refreshed (or rotated by the client) while we waited.
                    return Bearer(stored, credentialId, secrets);
                }

                var refresh = stored.Credential.Auth.Refresh!;
                var token = await RequestTokenAsync(refresh, secrets, credentialId, cancellationToken);
                if (token is null)
                {
                    return null;
                }

                var now = ApiTimestamps.Truncate(vaults.Time.GetUtcNow());
                var updatedSecrets = secrets with { AccessToken = token.Value.Access, RefreshToken = token.Value.Refresh ?? secrets.RefreshToken };
                var auth = stored.Credential.Auth with { ExpiresAt = token.Value.ExpiresIn is { } seconds ? ApiTimestamps.Write(now.AddSeconds(seconds)) : null };
                var updated = new StoredCredential(stored.Credential with { Auth = auth, UpdatedAt = ApiTimestamps.Write(now) }, vaults.Seal(updatedSecrets, credentialId));
                try
                {
                    await vaults.Resources.UpdateAsync(record with { UpdatedAt = now, Data = VaultJsonContext.Serialize(updated) }, record.Version, newVersion: false, cancellationToken);
                    LogRefreshed(logger, credentialId);
                    return new McpBearer(stored.Credential.VaultId, credentialId, token.Value.Access);
                }
                catch (ResourceVersionConflictException)
                {
                    // The client updated the credential meanwhile; read it again.
                }
            }

            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<(string Access, string? Refresh, double? ExpiresIn)?> RequestTokenAsync(OAuthRefresh refresh, CredentialSecrets secrets, string credentialId, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "refresh_token"),
            new("refresh_token", secrets.RefreshToken!),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, refresh.TokenEndpoint);
        switch (refresh.TokenEndpointAuth.Type)
        {
            case "client_secret_basic":
                var pair = $"{Uri.EscapeDataString(refresh.ClientId)}:{Uri.EscapeDataString(secrets.ClientSecret ?? string.Empty)}";
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
                break;
            case "client_secret_post":
                form.Add(new("client_id", refresh.ClientId));
                form.Add(new("client_secret", secrets.ClientSecret ?? string.Empty));
                break;
            default:
                form.Add(new("client_id", refresh.ClientId));
                break;
        }

        if (refresh.Scope is { } scope)
        {
            form.Add(new("scope", scope));
        }

        if (refresh.Resource is { } resource)
        {
            form.Add(new("resource", resource));
        }

        request.Content = new FormUrlEncodedContent(form);
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRefreshFailed(logger, credentialId, $"the token endpoint answered {(int)response.StatusCode}");
                return null;
            }

            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = body.RootElement;
            if (!root.TryGetProperty("access_token", out var access) || access.ValueKind != JsonValueKind.String)
            {
                LogRefreshFailed(logger, credentialId, "the token endpoint's answer has no access_token");
                return null;
            }

            var newRefresh = root.TryGetProperty("refresh_token", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            double? expiresIn = root.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;
            return (access.GetString()!, newRefresh, expiresIn);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogRefreshFailed(logger, credentialId, ex.GetType().Name);
            return null;
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        foreach (var gate in _refreshLocks.Values)
        {
            gate.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refreshed the access token of credential {CredentialId}")]
    private static partial void LogRefreshed(ILogger logger, string credentialId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not refresh the access token of credential {CredentialId}: {Reason}")]
    private static partial void LogRefreshFailed(ILogger logger, string credentialId, string reason);
}
