using System.Text.Json;

namespace Drover.Harness.Agents;

/// <summary>
/// The agent's tools: the built-in toolset's per-tool switches and permission policies, its custom tools, and its MCP
/// toolsets (whose tools the MCP connector lists from the servers).
/// </summary>
/// <param name="BuiltIns">Built-in tool name to its resolved settings; empty when the agent has no <c>agent_toolset_20260401</c>.</param>
/// <param name="Custom">Custom tools by name, in declaration order.</param>
public sealed record AgentTools(IReadOnlyDictionary<string, BuiltInToolSettings> BuiltIns, IReadOnlyList<CustomToolDefinition> Custom)
{
    /// <summary>The <c>mcp_toolset</c> entries, by server name.</summary>
    public IReadOnlyDictionary<string, McpToolsetConfig> Mcp { get; init; } = new Dictionary<string, McpToolsetConfig>();

    /// <summary>The built-in toolset's type string.</summary>
    public const string ToolsetType = "agent_toolset_20260401";

    /// <summary>The eight tools of the toolset.</summary>
    public static readonly IReadOnlyList<string> BuiltInNames = ["bash", "read", "write", "edit", "glob", "grep", "web_fetch", "web_search"];

    /// <summary>No tools.</summary>
    public static AgentTools None { get; } = new(new Dictionary<string, BuiltInToolSettings>(), []);

    /// <summary>Reads the snapshot's <c>tools</c> array.</summary>
    public static AgentTools Parse(JsonElement tools)
    {
        var builtIns = new Dictionary<string, BuiltInToolSettings>(StringComparer.Ordinal);
        var custom = new List<CustomToolDefinition>();
        var mcp = new Dictionary<string, McpToolsetConfig>(StringComparer.Ordinal);
        foreach (var tool in tools.EnumerateArray())
        {
            switch (tool.TryGetProperty("type", out var type) ? type.GetString() : null)
            {
                case ToolsetType:
                    ReadToolset(tool, builtIns);
                    break;
                case "mcp_toolset":
                    var toolset = McpToolsetConfig.Parse(tool);
                    mcp[toolset.ServerName] = toolset;
                    break;
                case "custom":
                    custom.Add(new CustomToolDefinition(
                        tool.GetProperty("name").GetString()!,
                        tool.TryGetProperty("description", out var d) ? d.GetString() ?? string.Empty : string.Empty,
                        tool.GetProperty("input_schema").Clone()));
                    break;
            }
        }

        return new AgentTools(builtIns, custom) { Mcp = mcp };
    }

    private static void ReadToolset(JsonElement toolset, Dictionary<string, BuiltInToolSettings> builtIns)
    {
        var defaultEnabled = true;
        var defaultPolicy = PermissionPolicies.AlwaysAllow;
        if (toolset.TryGetProperty("default_config", out var defaults) && defaults.ValueKind == JsonValueKind.Object)
        {
            defaultEnabled = ReadEnabled(defaults) ?? true;
            defaultPolicy = ReadPolicy(defaults) ?? defaultPolicy;
        }

        foreach (var name in BuiltInNames)
        {
            builtIns[name] = new BuiltInToolSettings(defaultEnabled, defaultPolicy, null);
        }

        if (toolset.TryGetProperty("configs", out var configs) && configs.ValueKind == JsonValueKind.Array)
        {
            foreach (var config in configs.EnumerateArray())
            {
                var name = config.GetProperty("name").GetString()!;
                if (builtIns.TryGetValue(name, out var current))
                {
                    builtIns[name] = new BuiltInToolSettings(ReadEnabled(config) ?? current.Enabled, ReadPolicy(config) ?? current.PermissionPolicy, config.Clone());
                }
            }
        }
    }

    private static bool? ReadEnabled(JsonElement config) =>
        config.TryGetProperty("enabled", out var e) && e.ValueKind is JsonValueKind.True or JsonValueKind.False ? e.GetBoolean() : null;

    private static string? ReadPolicy(JsonElement config) =>
        config.TryGetProperty("permission_policy", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("type", out var t)
            ? t.GetString()
            : null;
}

/// <summary>One built-in tool's settings after applying <c>default_config</c> and its <c>configs</c> entry.</summary>
/// <param name="Enabled">Whether the model is offered it.</param>
/// <param name="PermissionPolicy">One of <see cref="PermissionPolicies"/>.</param>
/// <param name="Config">Its <c>configs</c> entry (web domain lists and the like), or null.</param>
public sealed record BuiltInToolSettings(bool Enabled, string PermissionPolicy, JsonElement? Config);

/// <summary>A tool the client runs: the session waits for its <c>user.custom_tool_result</c>.</summary>
public sealed record CustomToolDefinition(string Name, string Description, JsonElement InputSchema);

/// <summary>The permission policy types.</summary>
public static class PermissionPolicies
{
    public const string AlwaysAllow = "always_allow";
    public const string AlwaysAsk = "always_ask";
    public const string Auto = "auto";
}
