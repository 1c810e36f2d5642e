namespace Drover.Server.Auth;

/// <summary>Recognises API keys: the store's key with that hash, if it is not revoked.</summary>
internal sealed class ApiKeyAuthenticator(ApiKeyStore store, ApiKeyCache cache) : ICredentialAuthenticator
{
    public async ValueTask<ApiPrincipal?> AuthenticateAsync(CredentialHash hash, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hash);
        if (cache.TryGet(hash, out var cached))
        {
            return cached;
        }

        var generation = cache.Generation;
        var record = await store.FindByHashAsync(hash, cancellationToken);
        if (record is not { UniqueName: { } storedHash, ArchivedAt: null } || !hash.Matches(storedHash))
        {
            return null;
        }

        var key = ApiKeyStore.Read(record);
        if (key.RevokedAt is not null)
        {
            return null;
        }

        var principal = new ApiPrincipal(ApiKeyStore.Kind, key.Id, key.Role);
        cache.Add(hash, principal, generation);
        return principal;
    }
}
