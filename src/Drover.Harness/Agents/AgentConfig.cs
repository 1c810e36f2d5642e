using System.Text.Json;

namespace Drover.Harness.Agents;

/// <summary>What the loop needs of a session's agent snapshot (the <c>agent</c> member of the session object).</summary>
/// <param name="Model">The model id, e.g. <c>claude-sonnet-4-5</c>.</param>
/// <param name="System">The system prompt, or null.</param>
/// <param name="Tools">The tools the agent may call and the policy of each.</param>
public sealed record AgentConfig(string Model, string? System, AgentTools Tools)
{
    /// <summary>The agent's <c>mcp_servers</c>.</summary>
    public IReadOnlyList<McpServerDefinition> McpServers { get; init; } = [];

    /// <summary>Reads the snapshot as the API stores it. Members the loop does not use are ignored.</summary>
    public static AgentConfig Parse(JsonElement agent)
    {
        var model = agent.TryGetProperty("model", out var m)
            ? m.ValueKind == JsonValueKind.String ? m.GetString()! : m.GetProperty("id").GetString()!
            : throw new JsonException("The agent snapshot has no model.");
        var system = agent.TryGetProperty("system", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var tools = agent.TryGetProperty("tools", out var t) && t.ValueKind == JsonValueKind.Array ? AgentTools.Parse(t) : AgentTools.None;
        var servers = agent.TryGetProperty("mcp_servers", out var ms) && ms.ValueKind == JsonValueKind.Array
            ? ms.EnumerateArray().Select(s => new McpServerDefinition(s.GetProperty("name").GetString()!, s.GetProperty("url").GetString()!)).ToList()
            : [];
        return new AgentConfig(model, string.IsNullOrEmpty(system) ? null : system, tools) { McpServers = servers };
    }
}
