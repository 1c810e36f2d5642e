namespace Drover.Sessions;

/// <summary>
/// One queued append inside a group commit. A store's commit function records each one's outcome
/// with <see cref="Succeed"/> or <see cref="Refuse"/>; the batcher reports them only after the commit.
/// </summary>
public sealed class PendingAppend
{
    private readonly TaskCompletionSource<AppendResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal PendingAppend(string sessionId, IReadOnlyList<NewEvent> events, AppendCondition condition, CancellationToken cancellationToken)
    {
        SessionId = sessionId;
        Events = events;
        Condition = condition;
        CancellationToken = cancellationToken;
        Wakes = SessionWork.Wakes(events);
    }

    public string SessionId { get; }

    public IReadOnlyList<NewEvent> Events { get; }

    public AppendCondition Condition { get; }

    /// <summary>Whether the batch holds an event that gives the session work (<see cref="SessionWork.Wakes"/>), computed once when queued.</summary>
    public bool Wakes { get; }

    /// <summary>The caller's token; a store skips an append already cancelled before it is written.</summary>
    public CancellationToken CancellationToken { get; }

    internal Task<AppendResult> Completion => _completion.Task;

    internal AppendResult? Result { get; private set; }

    internal IReadOnlyList<StoredEvent>? Stored { get; private set; }

    internal Exception? Error { get; private set; }

    /// <summary>Records that the batch was written with sequences from <paramref name="firstSequence"/>.</summary>
    public void Succeed(long firstSequence, DateTimeOffset appendedAt)
    {
        var stored = new StoredEvent[Events.Count];
        for (var i = 0; i < stored.Length; i++)
        {
            var e = Events[i];
            stored[i] = new StoredEvent(SessionId, firstSequence + i, e.Id, e.Type, appendedAt, e.Json);
        }

        Stored = stored;
        Result = new AppendResult(firstSequence, firstSequence + stored.Length - 1, appendedAt);
        Error = null;
    }

    /// <summary>Records that this append was refused (nothing of it was written).</summary>
    public void Refuse(Exception error)
    {
        Error = error;
        Result = null;
        Stored = null;
    }

    internal void Reset()
    {
        Error = null;
        Result = null;
        Stored = null;
    }

    internal void Complete()
    {
        if (Result is { } result)
        {
            _completion.TrySetResult(result);
        }
        else if (Error is OperationCanceledException)
        {
            _completion.TrySetCanceled(CancellationToken);
        }
        else
        {
            _completion.TrySetException(Error ?? new InvalidOperationException("The store recorded no outcome for an append."));
        }
    }

    internal void Fail(Exception error)
    {
        Refuse(error);
        Complete();
    }
}
