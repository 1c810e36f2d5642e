using Drover.Events;
using Drover.Server.Api;
using Drover.Server.SelfHosted;
using Drover.Sessions;

namespace Drover.Server.Events;

/// <summary>
/// Refuses a <c>user.tool_result</c> (a self-hosted worker's answer) that names no <c>agent.tool_use</c> of this session
/// still waiting for a result, and a <c>user.custom_tool_result</c> that names no waiting <c>agent.custom_tool_use</c>:
/// unknown ids, calls answered already, and calls closed by an interrupt.
/// </summary>
internal static class ToolResultCheck
{
    public static async Task RequireOpenAsync(ISessionLog log, string sessionId, IReadOnlyList<SessionEvent> events, CancellationToken cancellationToken)
    {
        if (!events.Any(e => e is UserToolResultEvent or UserCustomToolResultEvent))
        {
            return;
        }

        var ledger = await ToolUseLedger.ReadAsync(log, sessionId, cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            switch (events[i])
            {
                case UserToolResultEvent result:
                    Check(result.ToolUseId, ledger.IsOpenBuiltIn(result.ToolUseId), $"events[{i}].tool_use_id", "agent.tool_use", seen);
                    break;
                case UserCustomToolResultEvent result:
                    Check(result.CustomToolUseId, ledger.IsOpenCustom(result.CustomToolUseId), $"events[{i}].custom_tool_use_id", "agent.custom_tool_use", seen);
                    break;
            }
        }
    }

    private static void Check(string id, bool open, string field, string eventType, HashSet<string> seen)
    {
        if (!seen.Add(id))
        {
            throw ApiException.InvalidRequest($"{field}: '{id}' is answered twice in this request.");
        }

        if (!open)
        {
            throw ApiException.InvalidRequest($"{field}: '{id}' is not an {eventType} event of this session waiting for a result (it is unknown, answered already, or closed by an interrupt).");
        }
    }
}
