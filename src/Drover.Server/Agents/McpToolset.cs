using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>
/// Reads an <c>mcp_toolset</c>: the server it draws on, its default_config (enabled, <c>always_ask</c> unless
/// set) and per-tool overrides, each resolved to <c>{name, enabled, permission_policy}</c>.
/// </summary>
internal static class McpToolset
{
    /// <summary>MCP tools ask for confirmation unless configured otherwise (the built-in tools do not).</summary>
    public const string DefaultPolicy = "always_ask";

    public const int MaxNameLength = 255;
    public const int MaxConfigs = AgentTools.MaxTools;

    private static readonly FrozenSet<string> s_fields = AgentJson.Set("type", "mcp_server_name", "configs", "default_config");
    private static readonly FrozenSet<string> s_configFields = AgentJson.Set("name", "enabled", "permission_policy");

    public static JsonObject Read(JsonElement toolset, string path)
    {
        Fields.RejectUnknown(toolset, s_fields, path);
        var server = Fields.RequiredString(toolset, "mcp_server_name", MaxNameLength, path: path);
        var (enabled, policy) = AgentToolset.ReadDefault(toolset, path, DefaultPolicy);

        var configs = new JsonArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (Fields.OptionalArray(toolset, "configs", MaxConfigs, path) is { } list)
        {
            var index = 0;
            foreach (var element in list.EnumerateArray())
            {
                var where = $"{path}configs.{index}.";
                var config = AgentJson.Object(element, $"{path}configs.{index}");
                Fields.RejectUnknown(config, s_configFields, where);
                var name = Fields.RequiredString(config, "name", 128, path: where);
                if (!names.Add(name))
                {
                    throw ApiException.InvalidRequest($"{where}name: '{name}' is configured twice.");
                }

                configs.Add(new JsonObject
                {
                    ["name"] = name,
                    ["enabled"] = Fields.OptionalBool(config, "enabled", where) ?? enabled,
                    ["permission_policy"] = AgentJson.Policy(config, where) ?? policy.DeepClone(),
                });
                index++;
            }
        }

        return new JsonObject
        {
            ["type"] = AgentTools.McpToolsetType,
            ["mcp_server_name"] = server,
            ["default_config"] = new JsonObject { ["enabled"] = enabled, ["permission_policy"] = policy },
            ["configs"] = configs,
        };
    }
}
