using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>The agent called a built-in tool. On a self-hosted environment the worker answers with <c>user.tool_result</c>.</summary>
public sealed record AgentToolUseEvent() : SessionEvent(EventTypes.AgentToolUse)
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The tool's input, a JSON object.</summary>
    [JsonPropertyName("input")]
    public required JsonElement Input { get; init; }

    /// <summary><c>allow</c>, <c>ask</c> (the session waits for <c>user.tool_confirmation</c>) or <c>deny</c>; null on events recorded without it.</summary>
    [JsonPropertyName("evaluated_permission")]
    public string? EvaluatedPermission { get; init; }

    /// <summary>Which permission policy produced <see cref="EvaluatedPermission"/>; null when the server refused the call before any policy applied.</summary>
    [JsonPropertyName("evaluation")]
    public ToolEvaluation? Evaluation { get; init; }

    /// <summary>Set when cross-posted from a subagent's thread to the primary stream; null on the thread's own events.</summary>
    [JsonPropertyName("session_thread_id")]
    public string? SessionThreadId { get; init; }
}
