using System.Text.Json.Nodes;
using Drover.Resources;
using Drover.Server.Api;
using Microsoft.AspNetCore.Mvc;

namespace Drover.Server.Agents;

internal static partial class AgentsEndpoints
{
    // Without a body version the update is last-write-wins, so a concurrent writer only means reading again.
    private const int MaxUpdateAttempts = 5;

    /// <summary>
    /// Applies an update to the current version. The result is compared with the current definition: no change
    /// returns the current agent as it is; a change stores version N+1. A body <c>version</c> must equal the
    /// current one (409 otherwise). Archived agents are read-only (400).
    /// </summary>
    private static async Task<IResult> UpdateAsync(
        [FromRoute(Name = "agent_id")] string agentId,
        HttpRequest request,
        IResourceStore store,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var expected = Fields.OptionalInt(body.RootElement, "version", 1, int.MaxValue);
        for (var attempt = 1; ; attempt++)
        {
            var current = await LoadAsync(store, agentId, cancellationToken);
            if (current.ArchivedAt is not null)
            {
                throw ApiException.InvalidRequest($"agent_id: agent '{agentId}' is archived; archived agents are read-only.");
            }

            if (expected is { } version && version != current.Version)
            {
                throw ApiException.Conflict($"version: agent '{agentId}' is at version {current.Version}, not {version}; retrieve it and apply the change again.");
            }

            var stored = AgentDocument.Parse(current);
            var definition = AgentDefinition.ReadUpdate(body.RootElement, stored);
            if (body.RootElement.TryGetProperty("multiagent", out _))
            {
                await MultiagentReferences.ResolveAsync(definition["multiagent"] as JsonObject, agentId, current.Version, store, cancellationToken);
            }

            MultiagentReferences.PinSelf(definition["multiagent"] as JsonObject, agentId, current.Version);
            if (JsonNode.DeepEquals(definition, AgentDefinition.Of(stored)))
            {
                return Json(current.Data);
            }

            var next = current.Version + 1;
            MultiagentReferences.PinSelf(definition["multiagent"] as JsonObject, agentId, next);
            var now = ApiTimestamps.Truncate(time.GetUtcNow());
            var document = AgentDocument.Compose(definition, agentId, next, current.CreatedAt, now, archivedAt: null);
            try
            {
                var updated = await store.UpdateAsync(current with { Version = next, UpdatedAt = now, Data = document.ToJsonString() }, current.Version, newVersion: true, cancellationToken);
                return Json(updated.Data);
            }
            catch (ResourceVersionConflictException) when (expected is null && attempt < MaxUpdateAttempts)
            {
                // Another request wrote first; apply this update to what it wrote.
            }
            catch (ResourceVersionConflictException) when (expected is not null)
            {
                throw ApiException.Conflict($"version: agent '{agentId}' was changed by another request after version {expected}; retrieve it and apply the change again.");
            }
        }
    }
}
