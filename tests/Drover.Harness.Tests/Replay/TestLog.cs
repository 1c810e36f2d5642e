using System.Text.Json;
using Drover.Events;
using Drover.Harness.Loop;
using Drover.Ids;
using Drover.Sessions;

namespace Drover.Harness.Tests.Replay;

/// <summary>A session log in memory for replay tests: events get ids, sequences and times as a store would give them.</summary>
internal sealed class TestLog
{
    private readonly List<StoredEvent> _events = [];
    private DateTimeOffset _now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public IReadOnlyList<StoredEvent> Events => _events;

    public string Add(SessionEvent e, TimeSpan? after = null)
    {
        _now += after ?? TimeSpan.FromMilliseconds(10);
        var named = e.Id.Length == 0 ? e with { Id = DroverIds.New(DroverIds.Event) } : e;
        _events.Add(new StoredEvent("sesn_test", _events.Count + 1, named.Id, named.Type, _now, SessionEventJson.Serialize(named)));
        return named.Id;
    }

    public long Last => _events.Count;

    public SessionState Replay() => SessionState.Replay(_events);

    public static UserMessageEvent UserMessage(string text) => new() { Content = [new TextBlock(text)] };

    public static AgentToolUseEvent ToolUse(string name, string permission) => new()
    {
        Name = name,
        Input = JsonDocument.Parse("""{"command":"ls"}""").RootElement.Clone(),
        EvaluatedPermission = permission,
    };

    public static SpanModelRequestEndEvent End(string startId, bool isError = false, long input = 10, long output = 5) => new()
    {
        ModelRequestStartId = startId,
        IsError = isError,
        ModelUsage = new ModelUsage { InputTokens = input, OutputTokens = output, CacheCreationInputTokens = 0, CacheReadInputTokens = 0 },
    };

    public static SessionStatusIdleEvent Idle(string reason, params string[] ids) => new()
    {
        StopReason = new StopReason(reason) { EventIds = ids.Length > 0 ? ids : null },
    };
}
