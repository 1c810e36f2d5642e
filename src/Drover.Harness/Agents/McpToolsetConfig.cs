using System.Text.Json;

namespace Drover.Harness.Agents;

/// <summary>An MCP server the agent declares (<c>mcp_servers[]</c>): its name and URL.</summary>
public sealed record McpServerDefinition(string Name, string Url);

/// <summary>
/// An agent's <c>mcp_toolset</c> as the API resolves it: every tool of the server takes <see cref="DefaultEnabled"/>
/// and <see cref="DefaultPolicy"/> unless <see cref="Configs"/> names it (by its bare name on the server).
/// </summary>
public sealed record McpToolsetConfig(string ServerName, bool DefaultEnabled, string DefaultPolicy, IReadOnlyDictionary<string, (bool Enabled, string Policy)> Configs)
{
    /// <summary>Whether the tool is offered, and under which permission policy.</summary>
    public (bool Enabled, string Policy) For(string toolName) =>
        Configs.TryGetValue(toolName, out var config) ? config : (DefaultEnabled, DefaultPolicy);

    public static McpToolsetConfig Parse(JsonElement toolset)
    {
        var enabled = true;
        var policy = PermissionPolicies.AlwaysAsk;
        if (toolset.TryGetProperty("default_config", out var defaults) && defaults.ValueKind == JsonValueKind.Object)
        {
            enabled = Enabled(defaults) ?? enabled;
            policy = Policy(defaults) ?? policy;
        }

        var configs = new Dictionary<string, (bool, string)>(StringComparer.Ordinal);
        if (toolset.TryGetProperty("configs", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var config in list.EnumerateArray())
            {
                configs[config.GetProperty("name").GetString()!] = (Enabled(config) ?? enabled, Policy(config) ?? policy);
            }
        }

        return new McpToolsetConfig(toolset.GetProperty("mcp_server_name").GetString()!, enabled, policy, configs);
    }

    private static bool? Enabled(JsonElement config) =>
        config.TryGetProperty("enabled", out var e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : null;

    private static string? Policy(JsonElement config) =>
        config.TryGetProperty("permission_policy", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("type", out var t) ? t.GetString() : null;
}
