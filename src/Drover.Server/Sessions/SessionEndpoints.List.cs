using System.Globalization;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;

namespace Drover.Server.Sessions;

internal static partial class SessionEndpoints
{
    private const int DefaultListLimit = 20;
    private const int MaxListLimit = 100;

    /// <summary>
    /// <c>GET /v1/sessions</c>: newest first by default, archived hidden unless asked, filtered by agent (and
    /// version), statuses and creation time; pages both ways (<c>next_page</c>, <c>prev_page</c>).
    /// </summary>
    private static async Task<IResult> ListAsync(
        HttpRequest request,
        IResourceStore resources,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var query = new ResourceQuery
        {
            Limit = Query.Int(request, "limit", DefaultListLimit, min: 1, max: MaxListLimit),
            Cursor = request.Query["page"].ToString() is { Length: > 0 } page ? page : null,
            Descending = Query.Descending(request, fallback: true),
            IncludeArchived = Query.Bool(request, "include_archived"),
            CreatedAfter = Query.Timestamp(request, "created_at[gt]"),
            CreatedAtOrAfter = Query.Timestamp(request, "created_at[gte]"),
            CreatedBefore = Query.Timestamp(request, "created_at[lt]"),
            CreatedAtOrBefore = Query.Timestamp(request, "created_at[lte]"),
            Filters = ListFilters(request),
        };

        var result = await resources.ListAsync(StoredKinds.Session, query, cancellationToken);
        var now = time.GetUtcNow();
        return new ListPage(result.Items.Select(r => SessionJson.ForResponse(r, now)), result.NextCursor, withPrevPage: true, result.PrevCursor);
    }

    private static List<ResourceFilter> ListFilters(HttpRequest request)
    {
        var filters = new List<ResourceFilter>();
        var agentId = request.Query["agent_id"].ToString();
        if (agentId.Length > 0)
        {
            filters.Add(DroverIds.HasPrefix(agentId, DroverIds.Agent)
                ? new ResourceFilter("agent.id", agentId)
                : throw ApiException.InvalidRequest($"agent_id: '{agentId}' is not an agent id (they look like agent_...)."));
        }

        if (request.Query["agent_version"].ToString().Length > 0)
        {
            if (agentId.Length == 0)
            {
                throw ApiException.InvalidRequest("agent_version: only allowed together with agent_id.");
            }

            var version = Query.Int(request, "agent_version", fallback: 0, min: 1, max: int.MaxValue);
            filters.Add(new ResourceFilter("agent.version", version.ToString(CultureInfo.InvariantCulture)));
        }

        var statuses = Query.List(request, "statuses");
        if (statuses.FirstOrDefault(s => !SessionStatuses.All.Contains(s)) is { } badStatus)
        {
            throw ApiException.InvalidRequest($"statuses: '{badStatus}' is not a session status; expected {string.Join(", ", SessionStatuses.All.Order(StringComparer.Ordinal))}.");
        }

        if (statuses.Length > 0)
        {
            filters.Add(new ResourceFilter("status", [.. statuses.Distinct(StringComparer.Ordinal)]));
        }

        // Drover has no deployments yet, so no session has a deployment id and this filter matches none.
        if (request.Query["deployment_id"].ToString() is { Length: > 0 } deploymentId)
        {
            filters.Add(new ResourceFilter("deployment_id", deploymentId));
        }

        if (request.Query["memory_store_id"].ToString().Length > 0)
        {
            throw ApiException.InvalidRequest("memory_store_id: listing sessions by memory store is not supported by Drover yet.");
        }

        return filters;
    }
}
