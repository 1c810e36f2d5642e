using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>The agent called a custom tool; the session goes idle until the client sends <c>user.custom_tool_result</c>.</summary>
public sealed record AgentCustomToolUseEvent() : SessionEvent(EventTypes.AgentCustomToolUse)
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The tool's input, a JSON object.</summary>
    [JsonPropertyName("input")]
    public required JsonElement Input { get; init; }

    /// <summary>Set when cross-posted from a subagent's thread to the primary stream; null on the thread's own events.</summary>
    [JsonPropertyName("session_thread_id")]
    public string? SessionThreadId { get; init; }
}
