using System.Text.Json.Nodes;
using Drover.Resources;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>
/// Resolves the agents a multiagent configuration names to concrete versions, checking each exists, is not
/// archived, has no multiagent configuration of its own (depth limit 1) and is named once per list. <c>self</c>
/// and the agent's own id become a reference to the agent itself at the version being saved.
/// </summary>
internal static class MultiagentReferences
{
    public static async Task ResolveAsync(JsonObject? multiagent, string selfId, int selfVersion, IResourceStore store, CancellationToken cancellationToken)
    {
        foreach (var (path, list) in Lists(multiagent))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < list.Count; i++)
            {
                var entry = list[i]!.AsObject();
                var type = AgentJson.Text(entry, "type");
                if (type == "advisor")
                {
                    continue;
                }

                var id = type == "self" ? selfId : AgentJson.Text(entry, "id")!;
                if (!seen.Add(id))
                {
                    throw ApiException.InvalidRequest($"{path}.{i}: agent '{id}' is already in this list (self counts as the agent itself).");
                }

                list[i] = id == selfId
                    ? Reference(selfId, selfVersion)
                    : await ResolveOtherAsync(id, entry["version"]?.GetValue<int>(), $"{path}.{i}", store, cancellationToken);
            }
        }
    }

    /// <summary>Sets the version of every reference to the agent itself, for the version about to be saved.</summary>
    public static void PinSelf(JsonObject? multiagent, string selfId, int version)
    {
        foreach (var (_, list) in Lists(multiagent))
        {
            foreach (var entry in list.OfType<JsonObject>().Where(e => AgentJson.Text(e, "id") == selfId))
            {
                entry["version"] = version;
            }
        }
    }

    private static async Task<JsonObject> ResolveOtherAsync(string id, int? version, string path, IResourceStore store, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync(AgentsEndpoints.Kind, id, cancellationToken: cancellationToken)
            ?? throw ApiException.InvalidRequest($"{path}: no agent has id '{id}'.");
        if (current.ArchivedAt is not null)
        {
            throw ApiException.InvalidRequest($"{path}: agent '{id}' is archived.");
        }

        var chosen = version is { } v && v != current.Version
            ? await store.GetAsync(AgentsEndpoints.Kind, id, v, cancellationToken) ?? throw ApiException.InvalidRequest($"{path}: agent '{id}' has no version {v}.")
            : current;
        if (JsonNode.Parse(chosen.Data)?["multiagent"] is not null)
        {
            throw ApiException.InvalidRequest($"{path}: agent '{id}' has a multiagent configuration itself; rosters are one level deep.");
        }

        return Reference(id, chosen.Version);
    }

    private static JsonObject Reference(string id, int version) => new() { ["type"] = "agent", ["id"] = id, ["version"] = version };

    private static IEnumerable<(string Path, JsonArray List)> Lists(JsonObject? multiagent)
    {
        if (multiagent is null)
        {
            yield break;
        }

        if (AgentJson.Text(multiagent, "type") == Multiagent.CoordinatorType)
        {
            yield return ("multiagent.agents", multiagent["agents"]!.AsArray());
            yield break;
        }

        foreach (var member in (string[])["subagents", "workflows"])
        {
            if (multiagent[member]?["predefined_agents"] is JsonArray list)
            {
                yield return ($"multiagent.{member}.predefined_agents", list);
            }
        }
    }
}
