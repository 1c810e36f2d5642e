using System.Collections.Frozen;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Drover.Server.Storage;

namespace Drover.Server.Vaults;

/// <summary><c>/v1/vaults</c>: create, retrieve, update, list, archive and delete; credentials are in <see cref="CredentialsEndpoints"/>.</summary>
internal static class VaultsEndpoints
{
    public const int MaxDisplayNameLength = 255;

    private const int DefaultListLimit = 20;
    private const int MaxListLimit = 100;

    private static readonly FrozenSet<string> s_fields = new[] { "display_name", "metadata" }.ToFrozenSet(StringComparer.Ordinal);

    public static IServiceCollection AddVaults(this IServiceCollection services)
    {
        services.AddOptions<VaultOptions>().BindConfiguration(VaultOptions.Section);
        services.AddSingleton(sp => SecretBox.Create(
            sp.GetRequiredService<IOptions<VaultOptions>>().Value,
            sp.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory));
        services.AddSingleton<VaultStore>();
        services.AddSingleton<VaultCredentials>();
        services.AddSingleton<Drover.Harness.Mcp.IVaultCredentials>(sp => sp.GetRequiredService<VaultCredentials>());
        return services;
    }

    public static RouteGroupBuilder MapVaults(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/vaults");
        group.MapPost("", CreateAsync);
        group.MapGet("", ListAsync);
        group.MapGet("/{vault_id}", RetrieveAsync);
        group.MapPost("/{vault_id}", UpdateAsync);
        group.MapDelete("/{vault_id}", DeleteAsync);
        group.MapPost("/{vault_id}/archive", ArchiveAsync);
        group.MapCredentials();
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, VaultStore vaults, CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var root = body.RootElement;
        Fields.RejectUnknown(root, s_fields);
        var displayName = Fields.RequiredString(root, "display_name", MaxDisplayNameLength);
        var metadata = Metadata.Read(root);
        var id = DroverIds.New(DroverIds.Vault, vaults.Time);
        var now = ApiTimestamps.Truncate(vaults.Time.GetUtcNow());
        var document = new VaultDocument(id, displayName, metadata, ApiTimestamps.Write(now), ApiTimestamps.Write(now), null);
        var record = await vaults.Resources.CreateAsync(new ResourceRecord(VaultStore.VaultKind, id, 1, null, now, now, null, VaultJsonContext.Serialize(document)), cancellationToken);
        return Json(record.Data);
    }

    private static async Task<IResult> RetrieveAsync([FromRoute(Name = "vault_id")] string vaultId, VaultStore vaults, CancellationToken cancellationToken) =>
        Json((await vaults.LoadVaultAsync(vaultId, cancellationToken)).Data);

    private static async Task<IResult> ListAsync(HttpRequest request, VaultStore vaults, CancellationToken cancellationToken)
    {
        var page = await vaults.Resources.ListAsync(VaultStore.VaultKind, new ResourceQuery
        {
            Limit = Query.Int(request, "limit", DefaultListLimit, min: 1, max: MaxListLimit),
            Cursor = request.Query["page"].ToString() is { Length: > 0 } cursor ? cursor : null,
            Descending = true,
            IncludeArchived = Query.Bool(request, "include_archived"),
        }, cancellationToken);
        return new ListPage(page.Items.Select(r => r.Data), page.NextCursor);
    }

    /// <summary>Omitted fields are kept; metadata is a patch (null or "" deletes a key). Archived vaults are read-only.</summary>
    private static async Task<IResult> UpdateAsync([FromRoute(Name = "vault_id")] string vaultId, HttpRequest request, VaultStore vaults, CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var root = body.RootElement;
        Fields.RejectUnknown(root, s_fields);
        while (true)
        {
            var current = await vaults.LoadVaultAsync(vaultId, cancellationToken);
            if (current.ArchivedAt is not null)
            {
                throw ApiException.InvalidRequest($"vault_id: vault '{vaultId}' is archived; archived vaults are read-only.");
            }

            var stored = VaultJsonContext.DeserializeVault(current.Data);
            var updated = stored with
            {
                DisplayName = Fields.OptionalString(root, "display_name", MaxDisplayNameLength, minLength: 1) ?? stored.DisplayName,
                Metadata = Metadata.Patch(stored.Metadata, root),
            };
            if (VaultJsonContext.Serialize(updated) == current.Data)
            {
                return Json(current.Data);
            }

            var now = ApiTimestamps.Truncate(vaults.Time.GetUtcNow());
            try
            {
                var record = await vaults.Resources.UpdateAsync(current with { UpdatedAt = now, Data = VaultJsonContext.Serialize(updated with { UpdatedAt = ApiTimestamps.Write(now) }) }, current.Version, newVersion: false, cancellationToken);
                return Json(record.Data);
            }
            catch (ResourceVersionConflictException)
            {
                // Someone wrote in between: apply the update to what they wrote.
            }
        }
    }

    /// <summary>Archives the vault and every credential in it (their secrets are purged). Idempotent.</summary>
    private static async Task<IResult> ArchiveAsync([FromRoute(Name = "vault_id")] string vaultId, VaultStore vaults, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await vaults.LoadVaultAsync(vaultId, cancellationToken);

            // Credentials first: a crash half way leaves an active vault, and archiving again finishes the job.
            await foreach (var credential in vaults.CredentialsOfAsync(vaultId, includeArchived: false, cancellationToken))
            {
                await vaults.ArchiveCredentialAsync(credential, cancellationToken);
            }

            if (current.ArchivedAt is not null)
            {
                return Json(current.Data);
            }

            var now = ApiTimestamps.Truncate(vaults.Time.GetUtcNow());
            var document = VaultJsonContext.DeserializeVault(current.Data) with { UpdatedAt = ApiTimestamps.Write(now), ArchivedAt = ApiTimestamps.Write(now) };
            try
            {
                var archived = await vaults.Resources.UpdateAsync(current with { UpdatedAt = now, ArchivedAt = now, Data = VaultJsonContext.Serialize(document) }, current.Version, newVersion: false, cancellationToken);
                return Json(archived.Data);
            }
            catch (ResourceVersionConflictException)
            {
                // Updated meanwhile: archive again.
            }
        }
    }

    /// <summary>Deletes the vault and its credentials for good. Sessions that name it keep the id; it no longer resolves.</summary>
    private static async Task<IResult> DeleteAsync([FromRoute(Name = "vault_id")] string vaultId, VaultStore vaults, CancellationToken cancellationToken)
    {
        await vaults.LoadVaultAsync(vaultId, cancellationToken);
        var credentials = new List<string>();
        await foreach (var credential in vaults.CredentialsOfAsync(vaultId, includeArchived: true, cancellationToken))
        {
            credentials.Add(credential.Id);
        }

        foreach (var id in credentials)
        {
            await vaults.Resources.DeleteAsync(VaultStore.CredentialKind, id, cancellationToken);
        }

        if (!await vaults.Resources.DeleteAsync(VaultStore.VaultKind, vaultId, cancellationToken))
        {
            throw ApiException.NotFound($"vault_id: no vault has id '{vaultId}'.");
        }

        return TypedResults.Json(new VaultDeleted(vaultId), VaultJsonContext.Default.VaultDeleted);
    }

    private static ContentHttpResult Json(string document) => TypedResults.Text(document, "application/json");
}
