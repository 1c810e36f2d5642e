using System.Text.Json.Nodes;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Drover.Server.Agents;

/// <summary>
/// <c>/v1/agents</c>: create, retrieve (any version), update (a new version only when something changed), list,
/// list versions and archive. Agents are stored as kind <see cref="Kind"/>, one store version per agent version.
/// </summary>
internal static partial class AgentsEndpoints
{
    public const string Kind = "agent";

    private const int DefaultListLimit = 20;
    private const int MaxListLimit = 100;

    public static RouteGroupBuilder MapAgents(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/agents");
        group.MapPost("", CreateAsync);
        group.MapGet("", ListAsync);
        group.MapGet("/{agent_id}", RetrieveAsync);
        group.MapPost("/{agent_id}", UpdateAsync);
        group.MapPost("/{agent_id}/archive", ArchiveAsync);
        group.MapGet("/{agent_id}/versions", ListVersionsAsync);
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, IResourceStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var definition = AgentDefinition.ReadCreate(body.RootElement);
        var id = DroverIds.New(DroverIds.Agent, time);
        await MultiagentReferences.ResolveAsync(definition["multiagent"] as JsonObject, id, 1, store, cancellationToken);

        var now = ApiTimestamps.Truncate(time.GetUtcNow());
        var document = AgentDocument.Compose(definition, id, 1, now, now, archivedAt: null);
        var created = await store.CreateAsync(new ResourceRecord(Kind, id, 1, null, now, now, null, document.ToJsonString()), cancellationToken);
        return Json(created.Data);
    }

    private static async Task<IResult> RetrieveAsync(
        [FromRoute(Name = "agent_id")] string agentId,
        HttpRequest request,
        IResourceStore store,
        CancellationToken cancellationToken)
    {
        var current = await LoadAsync(store, agentId, cancellationToken);
        if (request.Query["version"].ToString().Length == 0)
        {
            return Json(current.Data);
        }

        var version = Query.Int(request, "version", 0, min: 1, max: int.MaxValue);
        var record = version == current.Version
            ? current
            : await store.GetAsync(Kind, agentId, version, cancellationToken)
                ?? throw ApiException.NotFound($"version: agent '{agentId}' has no version {version}; its latest is {current.Version}.");
        return Json(AgentDocument.AsOf(record, current));
    }

    private static async Task<IResult> ListAsync(HttpRequest request, IResourceStore store, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(Kind, new ResourceQuery
        {
            Limit = Query.Int(request, "limit", DefaultListLimit, min: 1, max: MaxListLimit),
            Cursor = PageCursor(request),
            Descending = true,
            IncludeArchived = Query.Bool(request, "include_archived"),
            CreatedAtOrAfter = Query.Timestamp(request, "created_at[gte]"),
            CreatedAtOrBefore = Query.Timestamp(request, "created_at[lte]"),
        }, cancellationToken);
        return new ListPage(page.Items.Select(r => r.Data), page.NextCursor);
    }

    private static async Task<IResult> ListVersionsAsync(
        [FromRoute(Name = "agent_id")] string agentId,
        HttpRequest request,
        IResourceStore store,
        CancellationToken cancellationToken)
    {
        var current = await LoadAsync(store, agentId, cancellationToken);
        var limit = Query.Int(request, "limit", DefaultListLimit, min: 1, max: MaxListLimit);
        var page = await store.ListVersionsAsync(Kind, agentId, limit, PageCursor(request), cancellationToken);
        return new ListPage(page.Items.Select(v => AgentDocument.AsOf(v, current)), page.NextCursor);
    }

    /// <summary>Archiving is permanent and idempotent: archiving again returns the agent as it is, so a retried request succeeds.</summary>
    private static async Task<IResult> ArchiveAsync(
        [FromRoute(Name = "agent_id")] string agentId,
        IResourceStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await LoadAsync(store, agentId, cancellationToken);
            if (current.ArchivedAt is not null)
            {
                return Json(current.Data);
            }

            var now = ApiTimestamps.Truncate(time.GetUtcNow());
            var document = AgentDocument.Parse(current);
            document["updated_at"] = ApiTimestamps.Write(now);
            document["archived_at"] = ApiTimestamps.Write(now);
            try
            {
                var archived = await store.UpdateAsync(current with { UpdatedAt = now, ArchivedAt = now, Data = document.ToJsonString() }, current.Version, newVersion: false, cancellationToken);
                return Json(archived.Data);
            }
            catch (ResourceVersionConflictException)
            {
                // Someone wrote in between (an update or another archive): read again and decide anew.
            }
        }
    }

    /// <summary>The agent's current record; a malformed or unknown id is a 404 naming the parameter.</summary>
    internal static async Task<ResourceRecord> LoadAsync(IResourceStore store, string agentId, CancellationToken cancellationToken)
    {
        if (!DroverIds.HasPrefix(agentId, DroverIds.Agent))
        {
            throw ApiException.NotFound($"agent_id: '{agentId}' is not an agent id (they look like agent_...).");
        }

        return await store.GetAsync(Kind, agentId, cancellationToken: cancellationToken)
            ?? throw ApiException.NotFound($"agent_id: no agent has id '{agentId}'.");
    }

    private static string? PageCursor(HttpRequest request) => request.Query["page"].ToString() is { Length: > 0 } page ? page : null;

    private static ContentHttpResult Json(string document) => TypedResults.Text(document, "application/json");
}
