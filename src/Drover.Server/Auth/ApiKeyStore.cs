using System.Globalization;
using System.Text.Json;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;

namespace Drover.Server.Auth;

/// <summary>
/// API keys in the resource store: kind <c>api_key</c>, unique name the secret's SHA-256 (hex), data an
/// <see cref="ApiKey"/>. A revoked key is archived (its <c>ArchivedAt</c> is its <c>revoked_at</c>) and keeps
/// its hash, so the same secret can never be added again.
/// </summary>
internal sealed class ApiKeyStore(IResourceStore resources, ApiKeyCache cache, TimeProvider time)
{
    public const string Kind = "api_key";

    /// <summary>
    /// The id of the key made at first start. Fixed, so when several instances start on an empty shared
    /// database at once exactly one of them creates it and the others see the id taken.
    /// </summary>
    public const string FirstKeyId = "apikey_00000000000000000000000000";

    /// <summary>True when any key, revoked or not, exists.</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default) =>
        await resources.CountAsync(Kind, [], includeArchived: true, cancellationToken) > 0;

    /// <summary>
    /// Stores a key for <paramref name="secret"/>. Throws <see cref="ResourceNameTakenException"/> when a key
    /// (even a revoked one) has that secret, <see cref="ResourceAlreadyExistsException"/> when the id is taken.
    /// </summary>
    public async Task<ApiKey> AddAsync(string name, string role, string secret, string? id = null, CancellationToken cancellationToken = default)
    {
        var now = Now();
        var key = new ApiKey(id ?? DroverIds.New(DroverIds.ApiKey, time), name, role, ApiKeySecrets.Hint(secret), Format(now), RevokedAt: null);
        var hash = CredentialHash.Compute(secret);
        await resources.CreateAsync(new ResourceRecord(Kind, key.Id, 1, hash.Hex, now, now, null, Serialize(key)), cancellationToken);
        return key;
    }

    /// <summary>The key stored under the hash, revoked or not, or <see langword="null"/>.</summary>
    public Task<ResourceRecord?> FindByHashAsync(CredentialHash hash, CancellationToken cancellationToken = default) =>
        resources.FindByUniqueNameAsync(Kind, hash.Hex, cancellationToken);

    public Task<ResourceRecord?> GetAsync(string id, CancellationToken cancellationToken = default) =>
        resources.GetAsync(Kind, id, cancellationToken: cancellationToken);

    /// <summary>Keys newest first; revoked ones only when asked.</summary>
    public Task<ResourcePage> ListAsync(int limit, string? cursor, bool includeRevoked, CancellationToken cancellationToken = default) =>
        resources.ListAsync(Kind, new ResourceQuery { Limit = limit, Cursor = cursor, Descending = true, IncludeArchived = includeRevoked }, cancellationToken);

    /// <summary>
    /// Revokes the key; it stops working in this instance at once. Revoking a revoked key returns it as it
    /// is. Refuses (409) to leave no active admin key.
    /// </summary>
    public async Task<ResourceRecord> RevokeAsync(string id, CancellationToken cancellationToken = default)
    {
        var record = await GetAsync(id, cancellationToken) ?? throw ApiException.NotFound($"api_key_id: no API key has id '{id}'.");
        var key = Read(record);
        if (key.RevokedAt is not null)
        {
            return record;
        }

        if (key.Role == ApiKeyRoles.Admin && await CountActiveAdminsAsync(cancellationToken) <= 1)
        {
            throw LastAdmin();
        }

        var now = Now();
        var revoked = await resources.UpdateAsync(
            record with { Data = Serialize(key with { RevokedAt = Format(now) }), UpdatedAt = now, ArchivedAt = now },
            record.Version,
            newVersion: false,
            cancellationToken);
        cache.Forget(record.UniqueName!);

        // Two admins revoking the last two admin keys at once both pass the check above; whoever then finds
        // no admin left puts its key back, so at least one admin key always remains.
        if (key.Role == ApiKeyRoles.Admin && await CountActiveAdminsAsync(CancellationToken.None) == 0)
        {
            await resources.UpdateAsync(revoked with { Data = record.Data, UpdatedAt = Now(), ArchivedAt = null }, revoked.Version, newVersion: false, CancellationToken.None);
            throw LastAdmin();
        }

        return revoked;
    }

    public static ApiKey Read(ResourceRecord record) =>
        JsonSerializer.Deserialize(record.Data, AuthJsonContext.Default.ApiKey)
        ?? throw new InvalidDataException($"The api_key '{record.Id}' has no data.");

    private static string Serialize(ApiKey key) => JsonSerializer.Serialize(key, AuthJsonContext.Default.ApiKey);

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static ApiException LastAdmin() =>
        ApiException.Conflict("api_key_id: this is the last active admin key; create another admin key before revoking it.", "last_admin_key");

    private Task<long> CountActiveAdminsAsync(CancellationToken cancellationToken) =>
        resources.CountAsync(Kind, [new ResourceFilter("role", ApiKeyRoles.Admin)], includeArchived: false, cancellationToken);

    // Stores keep milliseconds; cutting here makes created_at in the data equal the record's.
    private DateTimeOffset Now() => ResourceRules.FromUnixMilliseconds(ResourceRules.ToUnixMilliseconds(time.GetUtcNow()));
}
