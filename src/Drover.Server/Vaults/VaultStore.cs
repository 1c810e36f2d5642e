using System.Text.Json;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;

namespace Drover.Server.Vaults;

/// <summary>
/// Vaults and credentials over the resource store. A credential's record holds its served document and its sealed
/// secrets; the unique name <c>{vault_id}/{key}</c> makes a key unique among a vault's active credentials, and is
/// dropped on archive to free the key.
/// </summary>
internal sealed class VaultStore(IResourceStore store, SecretBox box, TimeProvider time)
{
    public const string VaultKind = "vault";
    public const string CredentialKind = "vault_credential";
    public const string VaultIdField = "credential.vault_id";
    public const int MaxCredentialsPerVault = 20;

    public IResourceStore Resources => store;

    public TimeProvider Time => time;

    public async Task<ResourceRecord> LoadVaultAsync(string vaultId, CancellationToken cancellationToken)
    {
        if (!DroverIds.HasPrefix(vaultId, DroverIds.Vault))
        {
            throw ApiException.NotFound($"vault_id: '{vaultId}' is not a vault id (they look like vlt_...).");
        }

        return await store.GetAsync(VaultKind, vaultId, cancellationToken: cancellationToken)
            ?? throw ApiException.NotFound($"vault_id: no vault has id '{vaultId}'.");
    }

    public async Task<ResourceRecord> LoadCredentialAsync(string vaultId, string credentialId, CancellationToken cancellationToken)
    {
        await LoadVaultAsync(vaultId, cancellationToken);
        if (!DroverIds.HasPrefix(credentialId, DroverIds.Credential))
        {
            throw ApiException.NotFound($"credential_id: '{credentialId}' is not a credential id (they look like vcrd_...).");
        }

        var record = await store.GetAsync(CredentialKind, credentialId, cancellationToken: cancellationToken);
        return record is not null && VaultJsonContext.DeserializeCredential(record.Data).Credential.VaultId == vaultId
            ? record
            : throw ApiException.NotFound($"credential_id: vault '{vaultId}' has no credential with id '{credentialId}'.");
    }

    /// <summary>Every credential of the vault (archived ones too), oldest first.</summary>
    public async IAsyncEnumerable<ResourceRecord> CredentialsOfAsync(string vaultId, bool includeArchived, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var page = await store.ListAsync(CredentialKind, new ResourceQuery
            {
                Limit = 100,
                Cursor = cursor,
                IncludeArchived = includeArchived,
                Filters = [new ResourceFilter(VaultIdField, vaultId)],
            }, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    public string Seal(CredentialSecrets secrets, string credentialId) =>
        box.Seal(JsonSerializer.Serialize(secrets, VaultJsonContext.Default.CredentialSecrets), credentialId);

    public CredentialSecrets Open(StoredCredential stored) => stored.Sealed is null
        ? new CredentialSecrets()
        : JsonSerializer.Deserialize(box.Open(stored.Sealed, stored.Credential.Id), VaultJsonContext.Default.CredentialSecrets) ?? new CredentialSecrets();

    public static string UniqueName(string vaultId, CredentialAuth auth) => $"{vaultId}/{auth.Type}/{auth.Key}";

    /// <summary>
    /// Archives the credential: the archived time is set, the secrets are purged and the key is freed. Idempotent.
    /// Retries on a concurrent write.
    /// </summary>
    public async Task<ResourceRecord> ArchiveCredentialAsync(ResourceRecord current, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (current.ArchivedAt is not null)
            {
                return current;
            }

            var now = ApiTimestamps.Truncate(time.GetUtcNow());
            var stored = VaultJsonContext.DeserializeCredential(current.Data);
            var archived = new StoredCredential(stored.Credential with { UpdatedAt = ApiTimestamps.Write(now), ArchivedAt = ApiTimestamps.Write(now) }, Sealed: null);
            try
            {
                return await store.UpdateAsync(current with { UniqueName = null, UpdatedAt = now, ArchivedAt = now, Data = VaultJsonContext.Serialize(archived) }, current.Version, newVersion: false, cancellationToken);
            }
            catch (ResourceVersionConflictException)
            {
                current = await store.GetAsync(CredentialKind, current.Id, cancellationToken: cancellationToken) ?? throw ApiException.NotFound($"credential_id: no credential has id '{current.Id}'.");
            }
        }
    }

    /// <summary>The served document of a stored credential record.</summary>
    public static string Served(ResourceRecord record) => VaultJsonContext.Serialize(VaultJsonContext.DeserializeCredential(record.Data).Credential);
}
