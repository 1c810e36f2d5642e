using Drover.Events;
using Drover.Sessions;

namespace Drover.Harness.Loop;

/// <summary>
/// Follows the session's log while a run works, so that a <c>user.interrupt</c> stops the model stream or tool at
/// once instead of at the next step, and so the run knows when the client appended something it has not read.
/// </summary>
internal sealed class InterruptWatch(ISessionLog log, string sessionId, CancellationToken runToken) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(runToken);
    private readonly Lock _gate = new();
    private Task _tail = Task.CompletedTask;
    private CancellationTokenSource? _work;
    private long _workFrom;
    private long _latestSeen;
    private long _latestInterrupt;

    /// <summary>The highest sequence the tail has delivered.</summary>
    public long LatestSeen => Volatile.Read(ref _latestSeen);

    public void Start(long afterSequence)
    {
        _latestSeen = afterSequence;
        _tail = Task.Run(() => TailAsync(afterSequence));
    }

    /// <summary>
    /// A token for one piece of work (a model request, a tool call) that an interrupt appended after
    /// <paramref name="stateSequence"/> cancels. Dispose the returned source when the work ends.
    /// </summary>
    public CancellationTokenSource BeginWork(long stateSequence, CancellationToken token)
    {
        var work = CancellationTokenSource.CreateLinkedTokenSource(token);
        lock (_gate)
        {
            _work = work;
            _workFrom = stateSequence;
            if (_latestInterrupt > stateSequence)
            {
                work.Cancel();
            }
        }

        return work;
    }

    /// <summary>Whether an interrupt after <paramref name="stateSequence"/> has been seen.</summary>
    public bool InterruptedAfter(long stateSequence) => Volatile.Read(ref _latestInterrupt) > stateSequence;

    private async Task TailAsync(long afterSequence)
    {
        try
        {
            await foreach (var e in log.TailAsync(sessionId, afterSequence, _stop.Token))
            {
                Volatile.Write(ref _latestSeen, e.Sequence);
                if (e.Type == EventTypes.UserInterrupt)
                {
                    lock (_gate)
                    {
                        _latestInterrupt = e.Sequence;
                        if (_work is { } work && e.Sequence > _workFrom)
                        {
                            CancelQuietly(work);
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    // The work may have ended and disposed its source just before the interrupt came; then there is nothing to stop.
    private static void CancelQuietly(CancellationTokenSource work)
    {
        try
        {
            work.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _tail.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
