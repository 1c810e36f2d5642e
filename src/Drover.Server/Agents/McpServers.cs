using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>Reads <c>mcp_servers</c>: at most 20 <c>{type: "url", name, url}</c> with distinct names and http(s) URLs.</summary>
internal static class McpServers
{
    public const int MaxServers = 20;
    public const int MaxUrlLength = 2048;

    private static readonly FrozenSet<string> s_fields = AgentJson.Set("type", "name", "url");

    public static JsonArray Read(JsonElement body)
    {
        var result = new JsonArray();
        if (Fields.OptionalArray(body, "mcp_servers", MaxServers) is not { } servers)
        {
            return result;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in servers.EnumerateArray())
        {
            var path = $"mcp_servers.{index}.";
            var server = AgentJson.Object(element, $"mcp_servers.{index}");
            Fields.RejectUnknown(server, s_fields, path);
            AgentJson.Type(server, path, "url");
            var name = Fields.RequiredString(server, "name", McpToolset.MaxNameLength, path: path);
            if (!names.Add(name))
            {
                throw ApiException.InvalidRequest($"{path}name: another MCP server is already named '{name}'.");
            }

            var url = Fields.RequiredString(server, "url", MaxUrlLength, path: path);
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo))
            {
                throw ApiException.InvalidRequest($"{path}url: must be an absolute http or https URL without credentials; got '{url}'.");
            }

            result.Add(new JsonObject { ["type"] = "url", ["name"] = name, ["url"] = url });
            index++;
        }

        return result;
    }

    /// <summary>
    /// Checks the resolved agent: every MCP server is used by an mcp_toolset and every mcp_toolset names a server,
    /// so that neither is silently dead.
    /// </summary>
    public static void CheckReferences(JsonArray servers, JsonArray tools)
    {
        var serverNames = servers.Select(s => AgentJson.Text(s, "name")!).ToList();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tools.Count; i++)
        {
            if (AgentJson.Text(tools[i], "type") != AgentTools.McpToolsetType)
            {
                continue;
            }

            var name = AgentJson.Text(tools[i], "mcp_server_name")!;
            if (!serverNames.Contains(name, StringComparer.Ordinal))
            {
                throw ApiException.InvalidRequest($"tools.{i}.mcp_server_name: no server named '{name}' in mcp_servers.");
            }

            used.Add(name);
        }

        var unused = serverNames.FindIndex(n => !used.Contains(n));
        if (unused >= 0)
        {
            throw ApiException.InvalidRequest($"mcp_servers.{unused}.name: server '{serverNames[unused]}' is not referenced by any mcp_toolset in tools.");
        }
    }
}
