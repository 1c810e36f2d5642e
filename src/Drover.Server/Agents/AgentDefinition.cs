using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>
/// The configuration part of an agent document (everything but id, version and timestamps), resolved from a
/// create or update request. Two definitions that are <see cref="JsonNode.DeepEquals"/> describe the same agent,
/// which is how an update decides whether it makes a new version.
/// </summary>
internal static class AgentDefinition
{
    public const int MaxNameLength = 256;
    public const int MaxDescriptionLength = 2048;
    public const int MaxSystemLength = 100_000;

    /// <summary>The definition's members, in the order documents carry them.</summary>
    public static readonly string[] Keys = ["name", "description", "system", "model", "tools", "mcp_servers", "skills", "multiagent", "execution_identity", "metadata"];

    private static readonly FrozenSet<string> s_createFields = AgentJson.Set(Keys);
    private static readonly FrozenSet<string> s_updateFields = AgentJson.Set([.. Keys, "version"]);

    public static JsonObject ReadCreate(JsonElement body)
    {
        Fields.RejectUnknown(body, s_createFields);
        var name = Fields.RequiredString(body, "name", MaxNameLength);
        if (!body.TryGetProperty("model", out var model))
        {
            throw ApiException.InvalidRequest("model: required; a model id string such as 'claude-sonnet-4-5' or {\"id\": ...}.");
        }

        var definition = new JsonObject
        {
            ["name"] = name,
            ["description"] = ClearableText(body, "description", MaxDescriptionLength),
            ["system"] = ClearableText(body, "system", MaxSystemLength),
            ["model"] = AgentModel.Read(model, stored: null),
            ["tools"] = AgentTools.Read(body),
            ["mcp_servers"] = McpServers.Read(body),
            ["skills"] = AgentSkills.Read(body),
            ["multiagent"] = Multiagent.Read(body, stored: null),
            ["execution_identity"] = ExecutionIdentity.Read(body),
            ["metadata"] = ToJson(Metadata.Read(body)),
        };
        McpServers.CheckReferences(definition["mcp_servers"]!.AsArray(), definition["tools"]!.AsArray());
        return definition;
    }

    /// <summary>
    /// <paramref name="stored"/>'s definition with the update applied: omitted members are kept, arrays and
    /// multiagent are replaced (null or [] clears), metadata is patched.
    /// </summary>
    public static JsonObject ReadUpdate(JsonElement body, JsonObject stored)
    {
        Fields.RejectUnknown(body, s_updateFields);
        var definition = new JsonObject();
        foreach (var key in Keys)
        {
            definition[key] = body.TryGetProperty(key, out var value) ? ReadMember(body, key, value, stored) : stored[key]?.DeepClone();
        }

        McpServers.CheckReferences(definition["mcp_servers"]!.AsArray(), definition["tools"]!.AsArray());
        return definition;
    }

    /// <summary>The definition part of a stored document, for comparison.</summary>
    public static JsonObject Of(JsonObject document)
    {
        var definition = new JsonObject();
        foreach (var key in Keys)
        {
            definition[key] = document[key]?.DeepClone();
        }

        return definition;
    }

    private static JsonNode? ReadMember(JsonElement body, string key, JsonElement value, JsonObject stored)
    {
        switch (key)
        {
            case "name":
                return value.ValueKind == JsonValueKind.Null
                    ? throw ApiException.InvalidRequest("name: cannot be cleared; omit it to keep the current name.")
                    : Fields.RequiredString(body, "name", MaxNameLength);
            case "model":
                return AgentModel.Read(value, stored["model"] as JsonObject);
            case "description":
                return ClearableText(body, key, MaxDescriptionLength);
            case "system":
                return ClearableText(body, key, MaxSystemLength);
            case "tools":
                return AgentTools.Read(body);
            case "mcp_servers":
                return McpServers.Read(body);
            case "skills":
                return AgentSkills.Read(body);
            case "multiagent":
                return Multiagent.Read(body, stored["multiagent"] as JsonObject);
            case "execution_identity":
                return ExecutionIdentity.Read(body);
            default:
                var current = stored["metadata"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
                return ToJson(Metadata.Patch(current, body));
        }
    }

    /// <summary>description and system: null and "" both mean none.</summary>
    private static string? ClearableText(JsonElement body, string name, int maxLength) =>
        Fields.OptionalString(body, name, maxLength) is { Length: > 0 } text ? text : null;

    private static JsonObject ToJson(SortedDictionary<string, string> metadata)
    {
        var result = new JsonObject();
        foreach (var (key, value) in metadata)
        {
            result[key] = value;
        }

        return result;
    }
}
