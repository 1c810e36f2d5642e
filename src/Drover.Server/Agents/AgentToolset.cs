using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>
/// Reads the built-in toolset <c>agent_toolset_20260401</c> and resolves it to all eight tools, each with
/// <c>{name, type, enabled, permission_policy}</c> from its own config or else the toolset's default_config.
/// </summary>
internal static class AgentToolset
{
    /// <summary>The built-in tools, in the order the SDK lists them and responses carry them.</summary>
    public static readonly string[] ToolNames = ["bash", "edit", "read", "write", "glob", "grep", "web_fetch", "web_search"];

    /// <summary>The policy of built-in tools when neither a config nor default_config sets one.</summary>
    public const string DefaultPolicy = "always_allow";

    private static readonly FrozenSet<string> s_fields = AgentJson.Set("type", "configs", "default_config");
    private static readonly FrozenSet<string> s_defaultFields = AgentJson.Set("enabled", "permission_policy");
    private static readonly FrozenSet<string> s_configFields = AgentJson.Set("name", "type", "enabled", "permission_policy");
    private static readonly FrozenSet<string> s_webFetchFields = AgentJson.Set("name", "type", "enabled", "permission_policy", "allowed_domains", "blocked_domains", "max_content_tokens", "url_sources");
    private static readonly FrozenSet<string> s_webSearchFields = AgentJson.Set("name", "type", "enabled", "permission_policy", "allowed_domains", "blocked_domains", "user_location");

    public static JsonObject Read(JsonElement toolset, string path, IReadOnlySet<string> customToolNames)
    {
        Fields.RejectUnknown(toolset, s_fields, path);
        var (enabled, policy) = ReadDefault(toolset, path, DefaultPolicy);

        var overrides = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        if (Fields.OptionalArray(toolset, "configs", ToolNames.Length, path) is { } configs)
        {
            var index = 0;
            foreach (var element in configs.EnumerateArray())
            {
                var where = $"{path}configs.{index}.";
                var config = ReadConfig(AgentJson.Object(element, $"{path}configs.{index}"), where, enabled, policy, customToolNames);
                if (!overrides.TryAdd(AgentJson.Text(config, "name")!, config))
                {
                    throw ApiException.InvalidRequest($"{where}name: '{AgentJson.Text(config, "name")}' is configured twice.");
                }

                index++;
            }
        }

        var resolved = new JsonArray();
        foreach (var name in ToolNames)
        {
            resolved.Add(overrides.TryGetValue(name, out var config) ? config : Resolved(name, enabled, policy.DeepClone().AsObject()));
        }

        return new JsonObject
        {
            ["type"] = AgentTools.ToolsetType,
            ["default_config"] = new JsonObject { ["enabled"] = enabled, ["permission_policy"] = policy },
            ["configs"] = resolved,
        };
    }

    /// <summary>A toolset's <c>default_config</c>: enabled defaults to true, the policy to <paramref name="defaultPolicy"/>.</summary>
    public static (bool Enabled, JsonObject Policy) ReadDefault(JsonElement toolset, string path, string defaultPolicy)
    {
        if (Fields.OptionalObject(toolset, "default_config", path) is not { } config)
        {
            return (true, AgentJson.TypeOnly(defaultPolicy));
        }

        var where = $"{path}default_config.";
        Fields.RejectUnknown(config, s_defaultFields, where);
        return (Fields.OptionalBool(config, "enabled", where) ?? true, AgentJson.Policy(config, where) ?? AgentJson.TypeOnly(defaultPolicy));
    }

    private static JsonObject ReadConfig(JsonElement config, string path, bool enabled, JsonObject policy, IReadOnlySet<string> customToolNames)
    {
        var name = Fields.RequiredString(config, "name", 32, path: path);
        if (!ToolNames.Contains(name, StringComparer.Ordinal))
        {
            throw ApiException.InvalidRequest($"{path}name: must be one of {string.Join(", ", ToolNames)}; got '{name}'.");
        }

        Fields.RejectUnknown(config, name switch { "web_fetch" => s_webFetchFields, "web_search" => s_webSearchFields, _ => s_configFields }, path);
        if (Fields.OptionalString(config, "type", 32, path: path) is { } type && type != name)
        {
            throw ApiException.InvalidRequest($"{path}type: must equal name ('{name}') when given; got '{type}'.");
        }

        var resolved = Resolved(name, Fields.OptionalBool(config, "enabled", path) ?? enabled, AgentJson.Policy(config, path) ?? policy.DeepClone().AsObject());
        if (name is "web_fetch" or "web_search")
        {
            WebToolSettings.Read(config, path, name, customToolNames, resolved);
        }

        return resolved;
    }

    private static JsonObject Resolved(string name, bool enabled, JsonObject policy)
    {
        var config = new JsonObject
        {
            ["name"] = name,
            ["type"] = name,
            ["enabled"] = enabled,
            ["permission_policy"] = policy,
        };

        // The SDK requires url_sources on web_fetch (null when not set: every source allowed).
        if (name == "web_fetch")
        {
            config["url_sources"] = null;
        }

        return config;
    }
}
