using Drover.Server.Auth;

namespace Drover.Server.SelfHosted;

/// <summary>
/// Recognises environment keys: the store's key with that hash, if not revoked. The principal carries the key's
/// environment; <see cref="EnvironmentKeyScopeMiddleware"/> confines it to that environment's work.
/// </summary>
internal sealed class EnvironmentKeyAuthenticator(EnvironmentKeyStore store, ApiKeyCache cache) : ICredentialAuthenticator
{
    /// <summary>The role of every environment key principal.</summary>
    public const string Role = "environment";

    public async ValueTask<ApiPrincipal?> AuthenticateAsync(CredentialHash hash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (cache.TryGet(hash, out var cached))
        {
            return cached.CredentialKind == EnvironmentKeyStore.Kind ? cached : null;
        }

        var generation = cache.Generation;
        var record = await store.FindByHashAsync(hash, cancellationToken);
        if (record is not { UniqueName: { } storedHash, ArchivedAt: null } || !hash.Matches(storedHash))
        {
            return null;
        }

        var key = EnvironmentKeyStore.Read(record);
        if (key.RevokedAt is not null)
        {
            return null;
        }

        var principal = new ApiPrincipal(EnvironmentKeyStore.Kind, key.Id, Role, key.EnvironmentId);
        cache.Add(hash, principal, generation);
        return principal;
    }
}
