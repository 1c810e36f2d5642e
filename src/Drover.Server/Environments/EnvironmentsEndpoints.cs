using System.Collections.Frozen;
using System.Text.Json;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Drover.Server.Environments;

/// <summary>
/// <c>/v1/environments</c>: create, retrieve, update, list, archive and delete. Environments are stored as kind
/// <see cref="Kind"/> with their name as the store's unique name, and are not versioned.
/// </summary>
internal static partial class EnvironmentsEndpoints
{
    public const string Kind = "environment";

    /// <summary>The resource kind of sessions and the field of their document that names their environment.</summary>
    public const string SessionKind = "session";
    public const string SessionEnvironmentField = "environment_id";

    public const string EnvironmentArchived = "environment_archived";
    public const string InvalidMetadata = "invalid_metadata";

    public const int MaxNameLength = 256;
    public const int MaxDescriptionLength = 2048;

    private const int DefaultListLimit = 20;
    private const int MaxListLimit = 100;

    private static readonly FrozenSet<string> s_fields = new[] { "name", "description", "config", "metadata", "scope" }.ToFrozenSet(StringComparer.Ordinal);

    public static RouteGroupBuilder MapEnvironments(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/environments");
        group.MapPost("", CreateAsync);
        group.MapGet("", ListAsync);
        group.MapGet("/{environment_id}", RetrieveAsync);
        group.MapPost("/{environment_id}", UpdateAsync);
        group.MapDelete("/{environment_id}", DeleteAsync);
        group.MapPost("/{environment_id}/archive", ArchiveAsync);
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IResourceStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var root = body.RootElement;
        Fields.RejectUnknown(root, s_fields);
        var name = Fields.RequiredString(root, "name", MaxNameLength);
        var description = Fields.OptionalString(root, "description", MaxDescriptionLength);
        var config = EnvironmentConfigReader.Read(root, stored: null);
        var metadata = WithMetadataCode(() => Metadata.Read(root));
        var scope = ReadScope(root);

        var id = DroverIds.New(DroverIds.Environment, time);
        var now = ApiTimestamps.Truncate(time.GetUtcNow());
        var created = ApiTimestamps.Write(now);
        var document = new EnvironmentDocument(id, name, description, config, metadata, created, created, null, scope);
        var record = await NameCheckedAsync(name, () => store.CreateAsync(new ResourceRecord(Kind, id, 1, name, now, now, null, EnvironmentJsonContext.Serialize(document)), cancellationToken));
        return Json(record.Data);
    }

    private static async Task<IResult> RetrieveAsync([FromRoute(Name = "environment_id")] string environmentId, IResourceStore store, CancellationToken cancellationToken) =>
        Json((await LoadAsync(store, environmentId, cancellationToken)).Data);

    private static async Task<IResult> ListAsync(HttpRequest request, IResourceStore store, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(Kind, new ResourceQuery
        {
            Limit = Query.Int(request, "limit", DefaultListLimit, min: 1, max: MaxListLimit),
            Cursor = request.Query["page"].ToString() is { Length: > 0 } cursor ? cursor : null,
            Descending = true,
            IncludeArchived = Query.Bool(request, "include_archived"),
        }, cancellationToken);
        return new ListPage(page.Items.Select(r => r.Data), page.NextCursor);
    }

    /// <summary>
    /// Deletes an environment no session refers to, archived sessions included (their documents still name it).
    /// A session created between the check and the delete is not caught; archiving is the safe way to retire an
    /// environment that is in use.
    /// </summary>
    private static async Task<IResult> DeleteAsync([FromRoute(Name = "environment_id")] string environmentId, IResourceStore store, CancellationToken cancellationToken)
    {
        await LoadAsync(store, environmentId, cancellationToken);
        var sessions = await store.CountAsync(SessionKind, [new ResourceFilter(SessionEnvironmentField, environmentId)], includeArchived: true, cancellationToken);
        if (sessions > 0)
        {
            throw ApiException.Conflict($"environment_id: environment '{environmentId}' is used by {sessions} session(s); delete them first, or archive the environment instead.");
        }

        if (!await store.DeleteAsync(Kind, environmentId, cancellationToken))
        {
            throw ApiException.NotFound($"environment_id: no environment has id '{environmentId}'.");
        }

        return TypedResults.Json(new EnvironmentDeleted(environmentId), EnvironmentJsonContext.Default.EnvironmentDeleted);
    }

    /// <summary>Archiving is permanent and idempotent: archiving again returns the environment as it is.</summary>
    private static async Task<IResult> ArchiveAsync([FromRoute(Name = "environment_id")] string environmentId, IResourceStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await LoadAsync(store, environmentId, cancellationToken);
            if (current.ArchivedAt is not null)
            {
                return Json(current.Data);
            }

            var now = ApiTimestamps.Truncate(time.GetUtcNow());
            var document = EnvironmentJsonContext.Deserialize(current.Data) with { UpdatedAt = ApiTimestamps.Write(now), ArchivedAt = ApiTimestamps.Write(now) };
            try
            {
                var archived = await store.UpdateAsync(current with { UpdatedAt = now, ArchivedAt = now, Data = EnvironmentJsonContext.Serialize(document) }, current.Version, newVersion: false, cancellationToken);
                return Json(archived.Data);
            }
            catch (ResourceVersionConflictException)
            {
                // Someone wrote in between: read again and decide anew.
            }
        }
    }

    /// <summary>The environment's record; a malformed or unknown id is a 404 naming the parameter.</summary>
    internal static async Task<ResourceRecord> LoadAsync(IResourceStore store, string environmentId, CancellationToken cancellationToken)
    {
        if (!DroverIds.HasPrefix(environmentId, DroverIds.Environment))
        {
            throw ApiException.NotFound($"environment_id: '{environmentId}' is not an environment id (they look like env_...).");
        }

        return await store.GetAsync(Kind, environmentId, cancellationToken: cancellationToken)
            ?? throw ApiException.NotFound($"environment_id: no environment has id '{environmentId}'.");
    }

    /// <summary><c>scope</c>: only <c>organization</c> exists on a self-hosted server, as in API organisations; null when not given.</summary>
    private static string? ReadScope(JsonElement body) => Fields.OptionalString(body, "scope", 32) switch
    {
        null => null,
        "organization" => "organization",
        "account" => throw ApiException.InvalidRequest("scope: 'account' is not supported; this server has one organization, so use 'organization'."),
        var other => throw ApiException.InvalidRequest($"scope: must be 'organization' or 'account', not '{other}'."),
    };

    /// <summary>Metadata refusals carry the <c>invalid_metadata</c> code the SDKs map to a typed error.</summary>
    private static T WithMetadataCode<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (ApiException ex) when (ex.ErrorCode is null)
        {
            throw ApiException.InvalidRequest(ex.Message, InvalidMetadata);
        }
    }

    private static async Task<ResourceRecord> NameCheckedAsync(string name, Func<Task<ResourceRecord>> write)
    {
        try
        {
            return await write();
        }
        catch (ResourceNameTakenException)
        {
            throw ApiException.Conflict($"name: an environment named '{name}' exists already (archived environments keep their names).");
        }
    }

    private static ContentHttpResult Json(string document) => TypedResults.Text(document, "application/json");
}
