using System.Text.Json;
using Drover.Events;
using Drover.Hands;
using Drover.Harness.Agents;
using Drover.Harness.Models;

namespace Drover.Harness.Loop;

/// <summary>Which tools the model is offered, and how each call it makes is classified and permitted.</summary>
internal static class Toolbox
{
    /// <summary>The enabled built-in tools the hands can run, then the custom tools.</summary>
    public static IReadOnlyList<ModelTool> ModelTools(AgentTools tools, IHands? hands)
    {
        var result = new List<ModelTool>();
        if (hands is not null)
        {
            foreach (var builtIn in hands.Tools)
            {
                if (builtIn.UnavailableReason is null && tools.BuiltIns.TryGetValue(builtIn.Name, out var settings) && settings.Enabled)
                {
                    result.Add(new ModelTool(builtIn.Name, builtIn.Description, builtIn.InputSchema));
                }
            }
        }

        foreach (var custom in tools.Custom)
        {
            result.Add(new ModelTool(custom.Name, custom.Description, custom.InputSchema));
        }

        return result;
    }

    /// <summary>
    /// The event for a call the model made: <c>agent.custom_tool_use</c> for a custom tool, otherwise
    /// <c>agent.tool_use</c> with the permission its policy gives (<c>deny</c>, without an evaluation, for a tool the
    /// agent does not have).
    /// </summary>
    public static SessionEvent ToolUseEvent(AgentTools tools, IHands? hands, string name, JsonElement input)
    {
        if (tools.Custom.Any(c => c.Name == name))
        {
            return new AgentCustomToolUseEvent { Name = name, Input = input };
        }

        var offered = hands?.Tools.Any(t => t.Name == name && t.UnavailableReason is null) == true;
        if (!offered || !tools.BuiltIns.TryGetValue(name, out var settings) || !settings.Enabled)
        {
            return new AgentToolUseEvent { Name = name, Input = input, EvaluatedPermission = "deny" };
        }

        return settings.PermissionPolicy switch
        {
            PermissionPolicies.AlwaysAllow => new AgentToolUseEvent { Name = name, Input = input, EvaluatedPermission = "allow", Evaluation = new ToolEvaluation { Type = ToolEvaluation.AlwaysAllow } },
            PermissionPolicies.AlwaysAsk => new AgentToolUseEvent { Name = name, Input = input, EvaluatedPermission = "ask", Evaluation = new ToolEvaluation { Type = ToolEvaluation.AlwaysAsk } },

            // Drover has no risk classifier: auto asks the client, as auto does when it cannot decide.
            _ => new AgentToolUseEvent
            {
                Name = name,
                Input = input,
                EvaluatedPermission = "ask",
                Evaluation = new ToolEvaluation { Type = ToolEvaluation.Auto, EvaluatedPermission = new AutoEvaluatedPermission { Type = "ask", ReasonCode = "indeterminate" } },
            },
        };
    }

    /// <summary>
    /// The event for a call of an offered MCP tool: <c>agent.mcp_tool_use</c> with the bare tool name, its server, and
    /// the permission its toolset's policy gives (as for built-in tools).
    /// </summary>
    public static AgentMcpToolUseEvent McpToolUseEvent(Mcp.McpConnections.Tool tool, JsonElement input) => tool.Policy switch
    {
        PermissionPolicies.AlwaysAllow => new AgentMcpToolUseEvent { Name = tool.Name, McpServerName = tool.Server, Input = input, EvaluatedPermission = "allow", Evaluation = new ToolEvaluation { Type = ToolEvaluation.AlwaysAllow } },
        PermissionPolicies.AlwaysAsk => new AgentMcpToolUseEvent { Name = tool.Name, McpServerName = tool.Server, Input = input, EvaluatedPermission = "ask", Evaluation = new ToolEvaluation { Type = ToolEvaluation.AlwaysAsk } },
        _ => new AgentMcpToolUseEvent
        {
            Name = tool.Name,
            McpServerName = tool.Server,
            Input = input,
            EvaluatedPermission = "ask",
            Evaluation = new ToolEvaluation { Type = ToolEvaluation.Auto, EvaluatedPermission = new AutoEvaluatedPermission { Type = "ask", ReasonCode = "indeterminate" } },
        },
    };

    /// <summary>Whether re-running the tool is harmless (the hands say so).</summary>
    public static bool IsReadOnly(IHands? hands, string name) => hands?.Tools.Any(t => t.Name == name && t.ReadOnly) == true;
}
