using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;
using Drover.Server.Auth;

namespace Drover.Server.SelfHosted;

/// <summary>
/// Environment keys in the resource store: kind <c>environment_key</c>, unique name the secret's SHA-256 (hex), data an
/// <see cref="EnvironmentKey"/>. A revoked key is archived and keeps its hash, like an API key.
/// </summary>
internal sealed class EnvironmentKeyStore(IResourceStore resources, ApiKeyCache cache, TimeProvider time)
{
    public const string Kind = "environment_key";
    public const string IdPrefix = "envkey";
    public const string SecretPrefix = "sk-drover-env-";

    public async Task<(EnvironmentKey Key, string Secret)> AddAsync(string environmentId, string name, CancellationToken cancellationToken = default)
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        var secret = SecretPrefix + Base64Url.EncodeToString(random);
        var now = ApiTimestamps.Truncate(time.GetUtcNow());
        var key = new EnvironmentKey(DroverIds.New(IdPrefix, time), environmentId, name, SecretPrefix + "..." + secret[^4..], ApiTimestamps.Write(now), RevokedAt: null);
        var hash = CredentialHash.Compute(secret);
        await resources.CreateAsync(new ResourceRecord(Kind, key.Id, 1, hash.Hex, now, now, null, Serialize(key)), cancellationToken);
        return (key, secret);
    }

    public Task<ResourceRecord?> FindByHashAsync(CredentialHash hash, CancellationToken cancellationToken = default) =>
        resources.FindByUniqueNameAsync(Kind, hash.Hex, cancellationToken);

    /// <summary>The environment's keys, newest first; revoked ones only when asked.</summary>
    public Task<ResourcePage> ListAsync(string environmentId, int limit, string? cursor, bool includeRevoked, CancellationToken cancellationToken = default) =>
        resources.ListAsync(Kind, new ResourceQuery
        {
            Limit = limit,
            Cursor = cursor,
            Descending = true,
            IncludeArchived = includeRevoked,
            Filters = [new ResourceFilter("environment_id", environmentId)],
        }, cancellationToken);

    /// <summary>Revokes the key; it stops working in this instance at once (others within the key cache's lifetime).</summary>
    public async Task<ResourceRecord> RevokeAsync(string environmentId, string id, CancellationToken cancellationToken = default)
    {
        var record = await resources.GetAsync(Kind, id, cancellationToken: cancellationToken);
        if (record is null || Read(record).EnvironmentId != environmentId)
        {
            throw ApiException.NotFound($"key_id: environment '{environmentId}' has no key with id '{id}'.");
        }

        var key = Read(record);
        if (key.RevokedAt is not null)
        {
            return record;
        }

        var now = ApiTimestamps.Truncate(time.GetUtcNow());
        var revoked = await resources.UpdateAsync(
            record with { Data = Serialize(key with { RevokedAt = ApiTimestamps.Write(now) }), UpdatedAt = now, ArchivedAt = now },
            record.Version,
            newVersion: false,
            cancellationToken);
        cache.Forget(record.UniqueName!);
        return revoked;
    }

    public static EnvironmentKey Read(ResourceRecord record) =>
        JsonSerializer.Deserialize(record.Data, SelfHostedJsonContext.Default.EnvironmentKey)
        ?? throw new InvalidDataException($"The environment_key '{record.Id}' has no data.");

    private static string Serialize(EnvironmentKey key) => JsonSerializer.Serialize(key, SelfHostedJsonContext.Default.EnvironmentKey);
}
