using Drover.Events;
using Drover.Hands;
using Drover.Sessions;

namespace Drover.Harness.Loop;

internal sealed partial class HarnessRun
{
    private const int ReadPage = 1000;

    private async Task<List<StoredEvent>> ReadAllAsync(CancellationToken token)
    {
        var all = new List<StoredEvent>();
        while (true)
        {
            var page = await _services.Log.ReadAsync(SessionId, EventSlice.Forward(all.Count == 0 ? 0 : all[^1].Sequence, ReadPage), token);
            all.AddRange(page);
            if (page.Count < ReadPage)
            {
                return all;
            }
        }
    }

    /// <summary>Applies events others appended since the state was last brought up to date (the client's inputs).</summary>
    private async Task CatchUpAsync(CancellationToken token)
    {
        if (_interrupts.LatestSeen <= _state.LastSequence)
        {
            return;
        }

        while (true)
        {
            var page = await _services.Log.ReadAsync(SessionId, EventSlice.Forward(_state.LastSequence, ReadPage), token);
            foreach (var stored in page)
            {
                _state.Apply(stored);
            }

            if (page.Count < ReadPage)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Appends <paramref name="events"/> as one batch under the lease's epoch and applies them (and anything the client
    /// appended just before them) to the state. Returns the sequence of the first event.
    /// </summary>
    private async Task<long> AppendAsync(List<SessionEvent> events, CancellationToken token)
    {
        var now = _services.Time.GetUtcNow();
        var named = new SessionEvent[events.Count];
        var batch = new NewEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            named[i] = _redactor.Redact(e with { Id = e.Id.Length == 0 ? NewEventId() : e.Id, ProcessedAt = e.ProcessedAt ?? now });
            batch[i] = named[i].ToNewEvent();
        }

        var result = await _services.Log.AppendAsync(SessionId, batch, new AppendCondition(LeaseEpoch: _lease.Epoch), token);
        if (result.FirstSequence > _state.LastSequence + 1)
        {
            // The client appended in between: those events come first.
            var gap = await _services.Log.ReadAsync(SessionId, EventSlice.Forward(_state.LastSequence, (int)(result.FirstSequence - _state.LastSequence - 1)), token);
            foreach (var stored in gap)
            {
                _state.Apply(stored);
            }
        }

        for (var i = 0; i < named.Length; i++)
        {
            _state.Apply(new LoggedEvent(result.FirstSequence + i, result.AppendedAt, named[i]));
        }

        return result.FirstSequence;
    }

    /// <summary>The result event of a call of any kind the harness answers: <c>agent.mcp_tool_result</c> for MCP, <c>agent.tool_result</c> otherwise.</summary>
    private static SessionEvent ResultFor(ToolUseState toolUse, ToolOutput output) => toolUse.Kind == ToolKind.Mcp
        ? new AgentMcpToolResultEvent { McpToolUseId = toolUse.EventId, Content = output.Content, IsError = output.IsError }
        : ToolResult(toolUse.EventId, output);

    private static AgentToolResultEvent ToolResult(string toolUseId, ToolOutput output) => new()
    {
        ToolUseId = toolUseId,
        Content = output.Content,
        IsError = output.IsError,
    };
}
