using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>
/// Reads <c>tools</c>: the built-in toolset, MCP toolsets and custom tools, each resolved to the form responses
/// carry (every default filled in).
/// </summary>
internal static class AgentTools
{
    /// <summary>The most entries <c>tools</c> may have (the SDK documents 256 tools across all toolsets).</summary>
    public const int MaxTools = 256;

    public const string ToolsetType = "agent_toolset_20260401";
    public const string McpToolsetType = "mcp_toolset";
    public const string CustomType = "custom";

    /// <summary>The resolved tools; an absent, null or empty <c>tools</c> is an empty list.</summary>
    public static JsonArray Read(JsonElement body)
    {
        var result = new JsonArray();
        if (Fields.OptionalArray(body, "tools", MaxTools) is not { } tools)
        {
            return result;
        }

        // web_fetch url_sources may name custom tools declared anywhere in the same array.
        var customNames = tools.EnumerateArray()
            .Where(t => t.ValueKind == JsonValueKind.Object && t.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals(CustomType))
            .Select(t => t.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString()! : "")
            .ToHashSet(StringComparer.Ordinal);

        var index = 0;
        var seenToolset = false;
        var seenServers = new HashSet<string>(StringComparer.Ordinal);
        var seenCustom = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in tools.EnumerateArray())
        {
            var path = $"tools.{index}.";
            var tool = AgentJson.Object(element, $"tools.{index}");
            switch (AgentJson.Type(tool, path, ToolsetType, McpToolsetType, CustomType))
            {
                case ToolsetType:
                    if (!seenToolset)
                    {
                        seenToolset = true;
                        result.Add(AgentToolset.Read(tool, path, customNames));
                        break;
                    }

                    throw ApiException.InvalidRequest($"tools.{index}: only one {ToolsetType} toolset is allowed.");
                case McpToolsetType:
                    var mcp = McpToolset.Read(tool, path);
                    if (!seenServers.Add(AgentJson.Text(mcp, "mcp_server_name")!))
                    {
                        throw ApiException.InvalidRequest($"{path}mcp_server_name: another mcp_toolset already configures server '{AgentJson.Text(mcp, "mcp_server_name")}'.");
                    }

                    result.Add(mcp);
                    break;
                default:
                    var custom = CustomTool.Read(tool, path);
                    if (!seenCustom.Add(AgentJson.Text(custom, "name")!))
                    {
                        throw ApiException.InvalidRequest($"{path}name: another custom tool is already named '{AgentJson.Text(custom, "name")}'.");
                    }

                    result.Add(custom);
                    break;
            }

            index++;
        }

        return result;
    }
}
