using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Ids;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>
/// Reads <c>multiagent</c>: null, a <c>coordinator</c> roster, or <c>multiagent_20261001</c> (advisor, subagents,
/// workflows), with defaults filled in. Agent entries come out as <c>{type:"agent", id, version?}</c> or
/// <c>{type:"self"}</c>; <see cref="MultiagentReferences"/> resolves them against the store.
/// </summary>
internal static class Multiagent
{
    public const string CoordinatorType = "coordinator";
    public const string V20261001Type = "multiagent_20261001";
    public const int MaxRoster = 20;

    private static readonly string[] s_members = ["advisor", "subagents", "workflows"];
    private static readonly FrozenSet<string> s_coordinatorFields = AgentJson.Set("type", "agents");
    private static readonly FrozenSet<string> s_v20261001Fields = AgentJson.Set("type", "advisor", "subagents", "workflows");
    private static readonly FrozenSet<string> s_enabledFields = AgentJson.Set("type", "inline_agents", "predefined_agents");
    private static readonly FrozenSet<string> s_typeOnly = AgentJson.Set("type");

    /// <summary>
    /// The configuration <c>multiagent</c> asks for, or null. On update, a <c>multiagent_20261001</c> value is merged
    /// into a stored one of the same type level by level: omitted keys keep their stored value, null keys take
    /// their default, an object of another type replaces the stored one, a sent predefined_agents list replaces.
    /// </summary>
    public static JsonObject? Read(JsonElement body, JsonObject? stored)
    {
        if (Fields.OptionalObject(body, "multiagent") is not { } multiagent)
        {
            return null;
        }

        const string Path = "multiagent.";
        if (AgentJson.Type(multiagent, Path, CoordinatorType, V20261001Type) == CoordinatorType)
        {
            Fields.RejectUnknown(multiagent, s_coordinatorFields, Path);
            var agents = Fields.OptionalArray(multiagent, "agents", MaxRoster, Path);
            if (agents is not { } roster || roster.GetArrayLength() == 0)
            {
                throw ApiException.InvalidRequest($"{Path}agents: required list of 1 to {MaxRoster} entries.");
            }

            return new JsonObject { ["type"] = CoordinatorType, ["agents"] = ReadRoster(roster, $"{Path}agents", allowAdvisor: true) };
        }

        Fields.RejectUnknown(multiagent, s_v20261001Fields, Path);
        var request = new JsonObject { ["type"] = V20261001Type };
        foreach (var member in s_members)
        {
            if (multiagent.TryGetProperty(member, out var value))
            {
                request[member] = value.ValueKind == JsonValueKind.Null ? null : ReadMember(value, member, $"{Path}{member}");
            }
        }

        var merged = AgentJson.Text(stored, "type") == V20261001Type ? Merge(request, stored!) : request;
        return WithDefaults(merged);
    }

    private static JsonObject ReadMember(JsonElement value, string member, string where)
    {
        var obj = AgentJson.Object(value, where);
        var path = $"{where}.";
        var type = AgentJson.Type(obj, path, "enabled", "disabled");
        if (type == "disabled")
        {
            return TypeOnly(obj, where, "disabled");
        }

        if (member == "advisor")
        {
            Fields.RejectUnknown(obj, AgentJson.Set("type", "model"), path);
            return new JsonObject { ["type"] = type, ["model"] = Fields.RequiredString(obj, "model", 256, path: path) };
        }

        // Omitted keys stay omitted (an update keeps the stored value); null keys take the default.
        Fields.RejectUnknown(obj, s_enabledFields, path);
        var result = AgentJson.TypeOnly(type);
        if (obj.TryGetProperty("inline_agents", out var inline))
        {
            result["inline_agents"] = inline.ValueKind == JsonValueKind.Null ? null : TypeOnly(AgentJson.Object(inline, $"{path}inline_agents"), $"{path}inline_agents", "enabled", "disabled");
        }

        if (obj.TryGetProperty("predefined_agents", out _))
        {
            result["predefined_agents"] = Fields.OptionalArray(obj, "predefined_agents", MaxRoster, path) is { } list
                ? ReadRoster(list, $"{path}predefined_agents", allowAdvisor: false)
                : null;
        }

        return result;
    }

    /// <summary>An object that is nothing but its <c>type</c>.</summary>
    private static JsonObject TypeOnly(JsonElement obj, string where, params string[] allowed)
    {
        Fields.RejectUnknown(obj, s_typeOnly, $"{where}.");
        return AgentJson.TypeOnly(AgentJson.Type(obj, $"{where}.", allowed));
    }

    private static JsonObject Merge(JsonObject request, JsonObject stored)
    {
        var merged = new JsonObject { ["type"] = V20261001Type };
        foreach (var member in s_members)
        {
            if (!request.TryGetPropertyValue(member, out var sent))
            {
                merged[member] = stored[member]?.DeepClone();
            }
            else if (sent is JsonObject update && member != "advisor" && AgentJson.Text(update, "type") == "enabled" && AgentJson.Text(stored[member], "type") == "enabled")
            {
                var both = update.DeepClone().AsObject();
                foreach (var key in (string[])["inline_agents", "predefined_agents"])
                {
                    if (!both.ContainsKey(key))
                    {
                        both[key] = stored[member]![key]?.DeepClone();
                    }
                }

                merged[member] = both;
            }
            else
            {
                merged[member] = sent?.DeepClone();
            }
        }

        return merged;
    }

    private static JsonObject WithDefaults(JsonObject config)
    {
        var result = new JsonObject
        {
            ["type"] = V20261001Type,
            ["advisor"] = config["advisor"]?.DeepClone() ?? AgentJson.TypeOnly("disabled"),
        };
        foreach (var member in (string[])["subagents", "workflows"])
        {
            var value = config[member];
            if (value is not null && AgentJson.Text(value, "type") == "disabled")
            {
                result[member] = AgentJson.TypeOnly("disabled");
                continue;
            }

            var inline = value?["inline_agents"]?.DeepClone() ?? AgentJson.TypeOnly("enabled");
            var predefined = value?["predefined_agents"]?.DeepClone() ?? new JsonArray();
            if (AgentJson.Text(inline, "type") == "disabled" && predefined.AsArray().Count == 0)
            {
                throw ApiException.InvalidRequest($"multiagent.{member}.predefined_agents: must name at least one agent when inline_agents is disabled.");
            }

            result[member] = new JsonObject { ["type"] = "enabled", ["inline_agents"] = inline, ["predefined_agents"] = predefined };
        }

        return result;
    }

    /// <summary>Roster entries: an agent id string, <c>{type:"agent", id, version?}</c>, <c>{type:"self"}</c>, and (coordinator) <c>{type:"advisor", model}</c>.</summary>
    private static JsonArray ReadRoster(JsonElement list, string where, bool allowAdvisor)
    {
        var result = new JsonArray();
        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            var path = $"{where}.{index}";
            if (entry.ValueKind == JsonValueKind.String)
            {
                result.Add(AgentReference(entry.GetString()!, null, path));
                index++;
                continue;
            }

            var obj = AgentJson.Object(entry, path);
            var type = allowAdvisor ? AgentJson.Type(obj, $"{path}.", "agent", "self", "advisor") : AgentJson.Type(obj, $"{path}.", "agent", "self");
            switch (type)
            {
                case "self":
                    result.Add(TypeOnly(obj, path, "self"));
                    break;
                case "advisor":
                    Fields.RejectUnknown(obj, AgentJson.Set("type", "model"), $"{path}.");
                    result.Add(new JsonObject { ["type"] = "advisor", ["model"] = Fields.RequiredString(obj, "model", 256, path: $"{path}.") });
                    break;
                default:
                    Fields.RejectUnknown(obj, AgentJson.Set("type", "id", "version"), $"{path}.");
                    result.Add(AgentReference(Fields.RequiredString(obj, "id", 64, path: $"{path}."), Fields.OptionalInt(obj, "version", 1, int.MaxValue, $"{path}."), $"{path}.id"));
                    break;
            }

            index++;
        }

        return result;
    }

    private static JsonObject AgentReference(string id, int? version, string path) =>
        DroverIds.HasPrefix(id, DroverIds.Agent)
            ? new JsonObject { ["type"] = "agent", ["id"] = id, ["version"] = version }
            : throw ApiException.InvalidRequest($"{path}: '{id}' is not an agent id (they look like agent_...).");
}
