using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>Allows or denies a pending <c>agent.tool_use</c> or <c>agent.mcp_tool_use</c> whose permission was <c>ask</c>.</summary>
public sealed record UserToolConfirmationEvent() : SessionEvent(EventTypes.UserToolConfirmation)
{
    public const string Allow = "allow";
    public const string Deny = "deny";

    /// <summary>The id of the tool use event, as listed in the idle event's <c>stop_reason.event_ids</c>.</summary>
    [JsonPropertyName("tool_use_id")]
    public required string ToolUseId { get; init; }

    /// <summary><see cref="Allow"/> or <see cref="Deny"/>.</summary>
    [JsonPropertyName("result")]
    public required string Result { get; init; }

    /// <summary>Why the call was denied, shown to the model; only allowed with <see cref="Deny"/>.</summary>
    [JsonPropertyName("deny_message")]
    public string? DenyMessage { get; init; }

    /// <summary>Set by the server to the subagent thread the confirmation was routed to; null for the primary thread.</summary>
    [JsonPropertyName("session_thread_id")]
    public string? SessionThreadId { get; init; }
}
