using System.Text.Json;

namespace Drover.Harness.Loop;

/// <summary>What the log says about one tool call of the agent.</summary>
internal sealed class ToolUseState(string eventId, string name, JsonElement input, ToolKind kind, string permission, long sequence)
{
    /// <summary>The <c>sevt_</c> id of the tool use event.</summary>
    public string EventId { get; } = eventId;

    public string Name { get; } = name;

    /// <summary>The model's input, a JSON object.</summary>
    public JsonElement Input { get; } = input;

    public ToolKind Kind { get; } = kind;

    /// <summary>The MCP server of an MCP call; null for other kinds.</summary>
    public string? Server { get; init; }

    /// <summary>The evaluated permission: <c>allow</c>, <c>ask</c> or <c>deny</c>.</summary>
    public string Permission { get; } = permission;

    /// <summary>Where the tool use event sits in the log.</summary>
    public long Sequence { get; } = sequence;

    /// <summary>The client's answer to an <c>ask</c>: <c>allow</c>, <c>deny</c>, or null while none came.</summary>
    public string? Confirmation { get; set; }

    /// <summary>The deny message of a denying confirmation.</summary>
    public string? DenyMessage { get; set; }

    /// <summary>
    /// The sequence of the <c>session.status_running</c> of the harness run that was active when the call became
    /// runnable (its event for <c>allow</c>, its confirmation for <c>ask</c>), or null when none was: a run other than
    /// the current one may have started it and died, so its outcome is unknown.
    /// </summary>
    public long? RunnableUnderRun { get; set; }

    /// <summary>Whether the call became runnable (allowed, or confirmed).</summary>
    public bool Runnable { get; set; }

    /// <summary>Whether a result is in the log, or the call was closed without one (an interrupt, a flushed turn).</summary>
    public bool Resolved { get; set; }
}

/// <summary>Who answers a tool call.</summary>
internal enum ToolKind
{
    /// <summary>A built-in tool: the hands (or, on a self-hosted environment, the worker's <c>user.tool_result</c>).</summary>
    BuiltIn,

    /// <summary>A custom tool: the client's <c>user.custom_tool_result</c>.</summary>
    Custom,

    /// <summary>A tool of an MCP server: the harness's MCP connector, never the sandbox or a worker.</summary>
    Mcp,
}
