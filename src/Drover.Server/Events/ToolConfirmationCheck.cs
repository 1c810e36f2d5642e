using System.Text.Json;
using Drover.Events;
using Drover.Server.Api;
using Drover.Sessions;

namespace Drover.Server.Events;

/// <summary>
/// Refuses a <c>user.tool_confirmation</c> that does not answer a tool call waiting for one: the named event must be an
/// <c>agent.tool_use</c> or <c>agent.mcp_tool_use</c> of this session whose permission was <c>ask</c>, not yet confirmed,
/// answered or closed by an interrupt.
/// </summary>
internal static class ToolConfirmationCheck
{
    private const int Page = 500;
    private const int MaxScanned = 50_000;

    private static readonly string[] s_relevant =
    [
        EventTypes.AgentToolUse, EventTypes.AgentMcpToolUse, EventTypes.UserToolConfirmation,
        EventTypes.AgentToolResult, EventTypes.AgentMcpToolResult, EventTypes.UserToolResult, EventTypes.UserInterrupt,
    ];

    public static async Task RequireWaitingAsync(ISessionLog log, string sessionId, IReadOnlyList<SessionEvent> events, CancellationToken cancellationToken)
    {
        var confirmations = events.OfType<UserToolConfirmationEvent>().ToList();
        if (confirmations.Count == 0)
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var confirmation in confirmations)
        {
            var field = $"events[{IndexOf(events, confirmation)}].tool_use_id";
            if (!seen.Add(confirmation.ToolUseId))
            {
                throw ApiException.InvalidRequest($"{field}: '{confirmation.ToolUseId}' is confirmed twice in this request.");
            }

            if (!await IsWaitingAsync(log, sessionId, confirmation.ToolUseId, cancellationToken))
            {
                throw ApiException.InvalidRequest($"{field}: '{confirmation.ToolUseId}' is not a tool use event of this session waiting for a confirmation (its permission must be 'ask', and it must not be confirmed, answered or interrupted already).");
            }
        }
    }

    private static int IndexOf(IReadOnlyList<SessionEvent> events, SessionEvent e)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (ReferenceEquals(events[i], e))
            {
                return i;
            }
        }

        return -1;
    }

    // Reads backwards from the end: whatever answered the call comes after it, so reaching the call first means it still waits.
    private static async Task<bool> IsWaitingAsync(ISessionLog log, string sessionId, string toolUseId, CancellationToken cancellationToken)
    {
        var cursor = long.MaxValue;
        for (var scanned = 0; scanned < MaxScanned; scanned += Page)
        {
            var page = await log.ReadAsync(sessionId, new EventSlice(cursor, ReadDirection.Backward, Page, s_relevant), cancellationToken);
            foreach (var stored in page)
            {
                using var json = JsonDocument.Parse(stored.Json);
                var root = json.RootElement;
                if (stored.Id == toolUseId)
                {
                    return stored.Type is EventTypes.AgentToolUse or EventTypes.AgentMcpToolUse
                        && root.TryGetProperty("evaluated_permission", out var permission) && permission.ValueEquals("ask");
                }

                if (stored.Type == EventTypes.UserInterrupt || Answers(root, toolUseId))
                {
                    return false;
                }
            }

            if (page.Count < Page)
            {
                return false;
            }

            cursor = page[^1].Sequence;
        }

        return false;
    }

    private static bool Answers(JsonElement e, string toolUseId) =>
        (e.TryGetProperty("tool_use_id", out var id) && id.ValueEquals(toolUseId))
        || (e.TryGetProperty("mcp_tool_use_id", out var mcp) && mcp.ValueEquals(toolUseId));
}
