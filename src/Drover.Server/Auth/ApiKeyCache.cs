using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Drover.Server.Auth;

/// <summary>
/// Remembers verified API keys for <see cref="AuthOptions.KeyCacheSeconds"/>, so a busy client does not cost
/// a store read per request. Only active keys are remembered (an unknown key always asks the store, so a new
/// key works at once everywhere). <see cref="Forget"/> drops a key at once in this instance; other instances
/// notice a revocation when their entry expires.
/// </summary>
internal sealed class ApiKeyCache(TimeProvider time, IOptions<AuthOptions> options)
{
    // Verified keys are few; the bound only stops a flood of distinct valid keys from growing memory.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(options.Value.KeyCacheSeconds);
    private long _generation;

    /// <summary>Changes on every <see cref="Forget"/>; read it before the store read whose result is <see cref="Add"/>ed.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(CredentialHash hash, out ApiPrincipal principal)
    {
        if (_entries.TryGetValue(hash.Hex, out var entry) && entry.Hash.Matches(hash) && time.GetUtcNow() < entry.Expires)
        {
            principal = entry.Principal;
            return true;
        }

        principal = null!;
        return false;
    }

    /// <summary>Remembers a key read from the store, unless a key was forgotten since <paramref name="generation"/>.</summary>
    public void Add(CredentialHash hash, ApiPrincipal principal, long generation)
    {
        if (_lifetime <= TimeSpan.Zero)
        {
            return;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[hash.Hex] = new Entry(hash, principal, time.GetUtcNow() + _lifetime);

        // A revocation that ran while the store was read may have forgotten the key before this Add stored it.
        if (Generation != generation)
        {
            _entries.TryRemove(hash.Hex, out _);
        }
    }

    /// <summary>Drops the key with that hash (lowercase hex), so the next request asks the store.</summary>
    public void Forget(string hashHex)
    {
        Interlocked.Increment(ref _generation);
        _entries.TryRemove(hashHex, out _);
    }

    private sealed record Entry(CredentialHash Hash, ApiPrincipal Principal, DateTimeOffset Expires);
}
