using System.Text.Json;

namespace Drover.Worker;

/// <summary>
/// What a worker knows of its session from the events it has read: the <c>agent.tool_use</c> calls still waiting for a
/// result (runnable once allowed or confirmed), and whether the turn is over (the last status is idle for a reason other
/// than <c>requires_action</c>) or the session terminated.
/// </summary>
internal sealed class SessionCalls
{
    // Insertion-ordered: calls run in the order the model made them.
    private readonly List<ToolUse> _open = [];
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    public bool TurnEnded { get; private set; }

    public bool Terminated { get; private set; }

    public bool HasRunnable => _open.Any(c => c.Runnable);

    public ToolUse? NextRunnable() => _open.FirstOrDefault(c => c.Runnable);

    /// <summary>Applies one event; false when it was seen already (history and stream overlap).</summary>
    public bool Apply(JsonElement e)
    {
        var id = Text(e, "id");
        if (id is not null && !_seen.Add(id))
        {
            return false;
        }

        switch (Text(e, "type"))
        {
            case "agent.tool_use" when id is not null:
                var permission = Text(e, "evaluated_permission");
                _open.Add(new ToolUse(id, Text(e, "name") ?? "", e.TryGetProperty("input", out var input) ? input.Clone() : default)
                {
                    Runnable = permission is null or "allow",
                });
                TurnEnded = false;
                break;
            case "user.tool_confirmation" when Find(Text(e, "tool_use_id")) is { } confirmed:
                if (Text(e, "result") == "allow")
                {
                    confirmed.Runnable = true;
                }
                else
                {
                    _open.Remove(confirmed);
                }

                break;
            case "user.tool_result" or "agent.tool_result" when Find(Text(e, "tool_use_id")) is { } answered:
                _open.Remove(answered);
                break;
            case "user.interrupt":
                _open.Clear();
                break;
            case "session.status_idle":
                TurnEnded = !(e.TryGetProperty("stop_reason", out var reason) && reason.ValueKind == JsonValueKind.Object && Text(reason, "type") == "requires_action");
                break;
            case "session.status_running" or "session.status_rescheduled" or "user.message":
                TurnEnded = false;
                break;
            case "session.status_terminated" or "session.deleted":
                Terminated = true;
                break;
        }

        return true;
    }

    /// <summary>Whether the event was applied already.</summary>
    public bool Seen(JsonElement e) => Text(e, "id") is { } id && _seen.Contains(id);

    /// <summary>Marks a call answered by this worker.</summary>
    public void Answered(string toolUseId)
    {
        if (Find(toolUseId) is { } call)
        {
            _open.Remove(call);
        }
    }

    private ToolUse? Find(string? id) => id is null ? null : _open.Find(c => c.Id == id);

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>One <c>agent.tool_use</c> waiting for its result.</summary>
internal sealed record ToolUse(string Id, string Name, JsonElement Input)
{
    public bool Runnable { get; set; }
}
