using System.Text.Json;
using Drover.Events;
using Drover.Sessions;

namespace Drover.Server.SelfHosted;

/// <summary>
/// The tool calls of a session still waiting for an answer, read from its log: <c>agent.tool_use</c> without a
/// <c>user.tool_result</c> or <c>agent.tool_result</c>, and <c>agent.custom_tool_use</c> without a
/// <c>user.custom_tool_result</c>; a <c>user.interrupt</c> closes every call before it.
/// </summary>
internal sealed class ToolUseLedger
{
    private const int Page = 1000;

    private static readonly string[] s_relevant =
    [
        EventTypes.AgentToolUse, EventTypes.AgentCustomToolUse, EventTypes.UserToolConfirmation,
        EventTypes.AgentToolResult, EventTypes.UserToolResult, EventTypes.UserCustomToolResult, EventTypes.UserInterrupt,
    ];

    // Tool use id -> whether the worker may run it now (allowed, or confirmed): insertion order kept by the list.
    private readonly Dictionary<string, bool> _open = new(StringComparer.Ordinal);

    /// <summary>Unanswered built-in calls (<c>agent.tool_use</c>) the worker may run now.</summary>
    public bool HasRunnableBuiltInCalls => _open.Any(p => p.Value && _builtIn.Contains(p.Key));

    private readonly HashSet<string> _builtIn = new(StringComparer.Ordinal);
    private readonly HashSet<string> _custom = new(StringComparer.Ordinal);

    /// <summary>The ids of those calls, oldest first.</summary>
    public IReadOnlyList<string> RunnableBuiltInCalls => [.. _open.Where(p => p.Value && _builtIn.Contains(p.Key)).Select(p => p.Key)];

    public bool IsOpenBuiltIn(string toolUseId) => _open.ContainsKey(toolUseId) && _builtIn.Contains(toolUseId);

    public bool IsOpenCustom(string toolUseId) => _open.ContainsKey(toolUseId) && _custom.Contains(toolUseId);

    public static async Task<ToolUseLedger> ReadAsync(ISessionLog log, string sessionId, CancellationToken cancellationToken)
    {
        var ledger = new ToolUseLedger();
        long cursor = 0;
        while (true)
        {
            var page = await log.ReadAsync(sessionId, new EventSlice(cursor, ReadDirection.Forward, Page, s_relevant), cancellationToken);
            foreach (var stored in page)
            {
                ledger.Apply(stored);
            }

            if (page.Count < Page)
            {
                return ledger;
            }

            cursor = page[^1].Sequence;
        }
    }

    private void Apply(StoredEvent stored)
    {
        using var json = JsonDocument.Parse(stored.Json);
        var root = json.RootElement;
        switch (stored.Type)
        {
            case EventTypes.AgentToolUse:
                _open[stored.Id] = !(root.TryGetProperty("evaluated_permission", out var permission) && permission.ValueKind == JsonValueKind.String && !permission.ValueEquals("allow"));
                _builtIn.Add(stored.Id);
                break;
            case EventTypes.AgentCustomToolUse:
                _open[stored.Id] = true;
                _custom.Add(stored.Id);
                break;
            case EventTypes.UserToolConfirmation when Text(root, "tool_use_id") is { } confirmed && _open.ContainsKey(confirmed):
                if (root.TryGetProperty("result", out var result) && result.ValueEquals("allow"))
                {
                    _open[confirmed] = true;
                }
                else
                {
                    _open.Remove(confirmed);
                }

                break;
            case EventTypes.AgentToolResult or EventTypes.UserToolResult when Text(root, "tool_use_id") is { } answered:
                _open.Remove(answered);
                break;
            case EventTypes.UserCustomToolResult when Text(root, "custom_tool_use_id") is { } answered:
                _open.Remove(answered);
                break;
            case EventTypes.UserInterrupt:
                _open.Clear();
                break;
        }
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
