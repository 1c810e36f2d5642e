using Drover.Events;
using Drover.Sessions;

namespace Drover.Harness.Loop;

/// <summary>
/// Everything the harness knows about a session, rebuilt from its log by applying the events in order. The harness
/// keeps nothing else: a new instance replays the log to the same state, which is how a session survives the death
/// of the process that ran it. <see cref="Decide"/> turns the state into the next step.
/// </summary>
internal sealed partial class SessionState
{
    private readonly List<LoggedEvent> _transcript = [];
    private readonly Dictionary<string, ToolUseState> _toolUses = new(StringComparer.Ordinal);
    private readonly List<ToolUseState> _open = [];
    private DateTimeOffset? _runningSince;

    /// <summary>The last sequence applied.</summary>
    public long LastSequence { get; private set; }

    /// <summary>The sequence of the <c>session.status_running</c> that opened the current run, or null when the session is not running.</summary>
    public long? ActiveRun { get; private set; }

    /// <summary>The stop reason of the last <c>session.status_idle</c> while the session is idle; null otherwise.</summary>
    public StopReason? IdleReason { get; private set; }

    public bool Terminated { get; private set; }

    /// <summary>The id of a <c>span.model_request_start</c> with no end yet.</summary>
    public string? OpenModelRequest { get; private set; }

    /// <summary>Whether the last finished model response called tools (so the model speaks again once they are answered).</summary>
    public bool ResponseCalledTools { get; private set; }

    /// <summary>Transient model failures since the last successful model response.</summary>
    public int ConsecutiveRetries { get; private set; }

    /// <summary>Model requests since the turn started, to bound runaway tool loops.</summary>
    public int RequestsThisTurn { get; private set; }

    /// <summary>Token usage of every model request of the session.</summary>
    public ModelUsageTotals Usage { get; } = new();

    /// <summary>Seconds spent running, over all finished runs.</summary>
    public double ActiveSeconds { get; private set; }

    /// <summary>Seconds spent running, counting the current run up to <paramref name="now"/>.</summary>
    public double ActiveSecondsAt(DateTimeOffset now) =>
        ActiveSeconds + (_runningSince is { } since ? Math.Max(0, (now - since).TotalSeconds) : 0);

    /// <summary>The events the model's context is built from, in log order.</summary>
    public IReadOnlyList<LoggedEvent> Transcript => _transcript;

    /// <summary>Tool calls without a result, in the order the model made them.</summary>
    public IReadOnlyList<ToolUseState> OpenToolUses => _open;

    /// <summary>A tool call by its event id.</summary>
    public ToolUseState? FindToolUse(string eventId) => _toolUses.GetValueOrDefault(eventId);

    /// <summary>Ids of tool use events closed without a result (by an interrupt or a flushed turn), answered in the context with a note.</summary>
    public HashSet<string> ClosedWithoutResult { get; } = new(StringComparer.Ordinal);

    private long _lastInput;
    private long _inputsHandledThrough;
    private bool _interruptNeedsIdle;

    /// <summary>Whether a user message came that no model request has seen and no failed turn flushed.</summary>
    public bool HasPendingInput => _lastInput > _inputsHandledThrough;

    /// <summary>Whether an interrupt stopped work that has not been closed with <c>session.status_idle</c> yet.</summary>
    public bool InterruptNeedsIdle => _interruptNeedsIdle;

    public static SessionState Replay(IEnumerable<StoredEvent> events)
    {
        var state = new SessionState();
        foreach (var stored in events)
        {
            state.Apply(stored);
        }

        return state;
    }

    public void Apply(StoredEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Sequence > LastSequence)
        {
            Apply(new LoggedEvent(stored.Sequence, stored.AppendedAt, SessionEventJson.Deserialize(stored.Json)));
        }
    }
}
