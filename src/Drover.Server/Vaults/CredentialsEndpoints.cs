using System.Collections.Frozen;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Drover.Server.Vaults;

/// <summary>
/// <c>/v1/vaults/{vault_id}/credentials</c>: create, retrieve, update, list, archive and delete. Secret members of
/// <c>auth</c> are write-only: they are sealed into the record and no response carries them.
/// </summary>
internal static class CredentialsEndpoints
{
    public const int MaxDisplayNameLength = 255;

    private const int DefaultListLimit = 20;
    private const int MaxListLimit = 100;

    private static readonly FrozenSet<string> s_fields = new[] { "auth", "display_name", "metadata" }.ToFrozenSet(StringComparer.Ordinal);

    public static void MapCredentials(this RouteGroupBuilder vaults)
    {
        vaults.MapPost("/{vault_id}/credentials", CreateAsync);
        vaults.MapGet("/{vault_id}/credentials", ListAsync);
        vaults.MapGet("/{vault_id}/credentials/{credential_id}", RetrieveAsync);
        vaults.MapPost("/{vault_id}/credentials/{credential_id}", UpdateAsync);
        vaults.MapDelete("/{vault_id}/credentials/{credential_id}", DeleteAsync);
        vaults.MapPost("/{vault_id}/credentials/{credential_id}/archive", ArchiveAsync);
    }

    private static async Task<IResult> CreateAsync([FromRoute(Name = "vault_id")] string vaultId, HttpRequest request, VaultStore vaults, CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var root = body.RootElement;
        Fields.RejectUnknown(root, s_fields);
        var now = ApiTimestamps.Truncate(vaults.Time.GetUtcNow());
        var (auth, secrets) = CredentialAuthReader.ReadCreate(root, now);
        var displayName = Fields.OptionalString(root, "display_name", MaxDisplayNameLength);
        var metadata = Metadata.Read(root);

        var vault = await vaults.LoadVaultAsync(vaultId, cancellationToken);
        if (vault.ArchivedAt is not null)
        {
            throw ApiException.InvalidRequest($"vault_id: vault '{vaultId}' is archived; archived vaults take no new credentials.");
        }

        var count = await vaults.Resources.CountAsync(VaultStore.CredentialKind, [new ResourceFilter(VaultStore.VaultIdField, vaultId)], includeArchived: false, cancellationToken);
        if (count >= VaultStore.MaxCredentialsPerVault)
        {
            throw ApiException.InvalidRequest($"vault_id: vault '{vaultId}' has {count} active credentials, the most a vault holds ({VaultStore.MaxCredentialsPerVault}); archive one first.");
        }

        var id = DroverIds.New(DroverIds.Credential, vaults.Time);
        var document = new CredentialDocument(id, vaultId, displayName, metadata, auth, ApiTimestamps.Write(now), ApiTimestamps.Write(now), null);
        var stored = new StoredCredential(document, vaults.Seal(secrets, id));
        try
        {
            var record = await vaults.Resources.CreateAsync(
                new ResourceRecord(VaultStore.CredentialKind, id, 1, VaultStore.UniqueName(vaultId, auth), now, now, null, VaultJsonContext.Serialize(stored)),
                cancellationToken);
            return Json(VaultStore.Served(record));
        }
        catch (ResourceNameTakenException)
        {
            var key = auth.McpServerUrl is not null ? $"auth.mcp_server_url: '{auth.McpServerUrl}'" : $"auth.secret_name: '{auth.SecretName}'";
            throw ApiException.Conflict($"{key} has an active credential in vault '{vaultId}' already; update it, or archive it first.");
        }
    }

    private static async Task<IResult> RetrieveAsync(
        [FromRoute(Name = "vault_id")] string vaultId,
        [FromRoute(Name = "credential_id")] string credentialId,
        VaultStore vaults,
        CancellationToken cancellationToken) =>
        Json(VaultStore.Served(await vaults.LoadCredentialAsync(vaultId, credentialId, cancellationToken)));

    private static async Task<IResult> ListAsync([FromRoute(Name = "vault_id")] string vaultId, HttpRequest request, VaultStore vaults, CancellationToken cancellationToken)
    {
        await vaults.LoadVaultAsync(vaultId, cancellationToken);
        var page = await vaults.Resources.ListAsync(VaultStore.CredentialKind, new ResourceQuery
        {
            Limit = Query.Int(request, "limit", DefaultListLimit, min: 1, max: MaxListLimit),
            Cursor = request.Query["page"].ToString() is { Length: > 0 } cursor ? cursor : null,
            Descending = true,
            IncludeArchived = Query.Bool(request, "include_archived"),
            Filters = [new ResourceFilter(VaultStore.VaultIdField, vaultId)],
        }, cancellationToken);
        return new ListPage(page.Items.Select(VaultStore.Served), page.NextCursor);
    }

    /// <summary>
    /// Omitted fields are kept; metadata is a patch; <c>auth</c> must have the stored type and changes only what it
    /// names (keys, <c>token_endpoint</c> and <c>client_id</c> are immutable). Archived credentials are read-only.
    /// </summary>
    private static async Task<IResult> UpdateAsync(
        [FromRoute(Name = "vault_id")] string vaultId,
        [FromRoute(Name = "credential_id")] string credentialId,
        HttpRequest request,
        VaultStore vaults,
        CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var root = body.RootElement;
        Fields.RejectUnknown(root, s_fields);
        while (true)
        {
            var current = await vaults.LoadCredentialAsync(vaultId, credentialId, cancellationToken);
            if (current.ArchivedAt is not null)
            {
                throw ApiException.InvalidRequest($"credential_id: credential '{credentialId}' is archived; archived credentials are read-only.");
            }

            var stored = VaultJsonContext.DeserializeCredential(current.Data);
            var now = ApiTimestamps.Truncate(vaults.Time.GetUtcNow());
            var (auth, secrets) = Fields.OptionalObject(root, "auth") is { } authPatch
                ? CredentialAuthReader.ReadUpdate(authPatch, stored.Credential.Auth, vaults.Open(stored), now)
                : (stored.Credential.Auth, (CredentialSecrets?)null);
            var document = stored.Credential with
            {
                DisplayName = root.TryGetProperty("display_name", out _) ? Fields.OptionalString(root, "display_name", MaxDisplayNameLength) : stored.Credential.DisplayName,
                Metadata = Metadata.Patch(stored.Credential.Metadata, root),
                Auth = auth,
                UpdatedAt = ApiTimestamps.Write(now),
            };
            var updated = new StoredCredential(document, secrets is null ? stored.Sealed : vaults.Seal(secrets, credentialId));
            try
            {
                var record = await vaults.Resources.UpdateAsync(current with { UpdatedAt = now, Data = VaultJsonContext.Serialize(updated) }, current.Version, newVersion: false, cancellationToken);
                return Json(VaultStore.Served(record));
            }
            catch (ResourceVersionConflictException)
            {
                // A concurrent update (or a token refresh) wrote first: apply this one to what it wrote.
            }
        }
    }

    /// <summary>Purges the secret and frees the key; the record stays readable. Idempotent.</summary>
    private static async Task<IResult> ArchiveAsync(
        [FromRoute(Name = "vault_id")] string vaultId,
        [FromRoute(Name = "credential_id")] string credentialId,
        VaultStore vaults,
        CancellationToken cancellationToken)
    {
        var current = await vaults.LoadCredentialAsync(vaultId, credentialId, cancellationToken);
        return Json(VaultStore.Served(await vaults.ArchiveCredentialAsync(current, cancellationToken)));
    }

    private static async Task<IResult> DeleteAsync(
        [FromRoute(Name = "vault_id")] string vaultId,
        [FromRoute(Name = "credential_id")] string credentialId,
        VaultStore vaults,
        CancellationToken cancellationToken)
    {
        await vaults.LoadCredentialAsync(vaultId, credentialId, cancellationToken);
        if (!await vaults.Resources.DeleteAsync(VaultStore.CredentialKind, credentialId, cancellationToken))
        {
            throw ApiException.NotFound($"credential_id: vault '{vaultId}' has no credential with id '{credentialId}'.");
        }

        return TypedResults.Json(new CredentialDeleted(credentialId), VaultJsonContext.Default.CredentialDeleted);
    }

    private static ContentHttpResult Json(string document) => TypedResults.Text(document, "application/json");
}
