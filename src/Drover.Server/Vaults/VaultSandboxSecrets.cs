using Drover.Hands;

namespace Drover.Server.Vaults;

/// <summary>
/// A session's <c>environment_variable</c> credentials for its sandbox: the names and placeholders fixed when the
/// session's recipe is read (the first vault in <c>vault_ids</c> wins a name), the values and scopes read again from
/// the store at every request the proxy rewrites.
/// </summary>
internal sealed class VaultSandboxSecrets(VaultStore vaults, IReadOnlyList<(string CredentialId, SandboxSecretName Name)> entries) : ISandboxSecrets
{
    /// <summary>Opaque: it names the credential, never the secret, so seeing it tells a reader nothing.</summary>
    public static string Placeholder(string credentialId) => $"drover-placeholder-{credentialId}";

    public IReadOnlyList<SandboxSecretName> Names { get; } = [.. entries.Select(e => e.Name)];

    public async Task<IReadOnlyList<SandboxSecret>> ResolveAsync(CancellationToken cancellationToken)
    {
        var result = new List<SandboxSecret>();
        foreach (var (credentialId, name) in entries)
        {
            var record = await vaults.Resources.GetAsync(VaultStore.CredentialKind, credentialId, cancellationToken: cancellationToken);
            if (record is null || record.ArchivedAt is not null)
            {
                continue;
            }

            var stored = VaultJsonContext.DeserializeCredential(record.Data);
            var auth = stored.Credential.Auth;
            if (vaults.Open(stored).SecretValue is { } value)
            {
                var injection = auth.InjectionLocation ?? new InjectionLocation(Body: true, Header: true);
                result.Add(new SandboxSecret(name.Placeholder, value, auth.Networking?.Type == "limited" ? auth.Networking.AllowedHosts : null, injection.Header, injection.Body));
            }
        }

        return result;
    }

    /// <summary>The session's variables, or null when its vaults hold none.</summary>
    public static async Task<VaultSandboxSecrets?> ForAsync(VaultStore vaults, IReadOnlyList<string> vaultIds, CancellationToken cancellationToken)
    {
        var entries = new List<(string, SandboxSecretName)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var vaultId in vaultIds)
        {
            await foreach (var record in vaults.CredentialsOfAsync(vaultId, includeArchived: false, cancellationToken))
            {
                var auth = VaultJsonContext.DeserializeCredential(record.Data).Credential.Auth;
                if (auth.Type == CredentialAuth.EnvironmentVariable && auth.SecretName is { } name && names.Add(name))
                {
                    entries.Add((record.Id, new SandboxSecretName(name, Placeholder(record.Id))));
                }
            }
        }

        return entries.Count == 0 ? null : new VaultSandboxSecrets(vaults, entries);
    }
}
