using Drover.Server.Auth;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Drover.Server.Tests.Auth;

/// <summary>The verified-key cache: entries live for the configured time, and a forgotten key is never served again.</summary>
public sealed class ApiKeyCacheTests
{
    private static readonly ApiPrincipal s_principal = new(ApiKeyStore.Kind, "apikey_01JD5V3N8W4K2M7Q9R6T1X0YZB", ApiKeyRoles.Member);
    private readonly FakeTimeProvider _time = new();
    private readonly CredentialHash _hash = CredentialHash.Compute("sk-drover-cached");

    [Fact]
    public void Entry_is_served_until_its_lifetime_ends()
    {
        var cache = Cache(seconds: 5);
        cache.Add(_hash, s_principal, cache.Generation);

        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.True(cache.TryGet(_hash, out var principal));
        Assert.Same(s_principal, principal);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.False(cache.TryGet(_hash, out _));
    }

    [Fact]
    public void Forgotten_key_is_not_served()
    {
        var cache = Cache(seconds: 5);
        cache.Add(_hash, s_principal, cache.Generation);

        cache.Forget(_hash.Hex);

        Assert.False(cache.TryGet(_hash, out _));
    }

    [Fact]
    public void Key_read_before_a_revocation_is_not_remembered_after_it()
    {
        var cache = Cache(seconds: 5);
        var generation = cache.Generation;

        cache.Forget(_hash.Hex);
        cache.Add(_hash, s_principal, generation);

        Assert.False(cache.TryGet(_hash, out _));
    }

    [Fact]
    public void Zero_lifetime_remembers_nothing()
    {
        var cache = Cache(seconds: 0);

        cache.Add(_hash, s_principal, cache.Generation);

        Assert.False(cache.TryGet(_hash, out _));
    }

    [Fact]
    public void Another_hash_is_not_served()
    {
        var cache = Cache(seconds: 5);
        cache.Add(_hash, s_principal, cache.Generation);

        Assert.False(cache.TryGet(CredentialHash.Compute("sk-drover-other"), out _));
    }

    private ApiKeyCache Cache(int seconds) => new(_time, Options.Create(new AuthOptions { KeyCacheSeconds = seconds }));
}
