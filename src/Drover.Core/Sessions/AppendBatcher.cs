using System.Threading.Channels;

namespace Drover.Sessions;

/// <summary>
/// Group commit: appends from many callers queue here and a writer loop hands them to the store in
/// batches, so one transaction (one fsync) carries many appends. Each append still succeeds or fails
/// on its own; if a whole batch fails, its appends are retried one by one so one bad append cannot
/// take the others down with it.
/// </summary>
public sealed class AppendBatcher : IAsyncDisposable
{
    /// <summary>Writes a batch in one transaction, recording each append's outcome on it, and commits.</summary>
    public delegate Task CommitBatch(IReadOnlyList<PendingAppend> batch, CancellationToken cancellationToken);

    private readonly Channel<PendingAppend> _queue;
    private readonly CommitBatch _commit;
    private readonly SessionFeedHub _hub;
    private readonly int _maxPerCommit;
    private readonly Task[] _writers;

    /// <param name="commit">The store's batch writer.</param>
    /// <param name="hub">Where committed events are published for tails.</param>
    /// <param name="maxPerCommit">The most appends in one batch.</param>
    /// <param name="writers">Concurrent writer loops: 1 for SQLite (one writer anyway), more for a server database.</param>
    /// <param name="blockingCommit">
    /// True when <paramref name="commit"/> does its I/O synchronously (SQLite): the single writer loop then gets a
    /// thread of its own, so a commit blocked in fsync never holds one of the few thread-pool threads that the
    /// appenders need to queue the next batch.
    /// </param>
    public AppendBatcher(CommitBatch commit, SessionFeedHub hub, int maxPerCommit, int writers = 1, bool blockingCommit = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPerCommit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(writers, 1);
        _commit = commit;
        _hub = hub;
        _maxPerCommit = maxPerCommit;

        // Unbounded: appenders already wait for their own commit, so the queue is bounded by the number of callers.
        _queue = Channel.CreateUnbounded<PendingAppend>(new UnboundedChannelOptions { SingleReader = writers == 1, SingleWriter = false });
        if (blockingCommit)
        {
            ArgumentOutOfRangeException.ThrowIfNotEqual(writers, 1);
            _writers = [Task.Factory.StartNew(WriteLoopBlocking, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)];
            return;
        }

        _writers = new Task[writers];
        for (var i = 0; i < writers; i++)
        {
            _writers[i] = Task.Run(WriteLoopAsync);
        }
    }

    public Task<AppendResult> EnqueueAsync(string sessionId, IReadOnlyList<NewEvent> events, AppendCondition condition, CancellationToken cancellationToken)
    {
        var pending = new PendingAppend(sessionId, events, condition, cancellationToken);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);

        return pending.Completion.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_writers);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<PendingAppend>(_maxPerCommit);
        while (await _queue.Reader.WaitToReadAsync())
        {
            if (TakeBatch(batch))
            {
                await CommitAsync(batch);
            }
        }
    }

    private void WriteLoopBlocking()
    {
        var batch = new List<PendingAppend>(_maxPerCommit);
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            if (TakeBatch(batch))
            {
                // The store's commit is synchronous here, so this completes without leaving the thread.
                CommitAsync(batch).GetAwaiter().GetResult();
            }
        }
    }

    /// <summary>Takes what has queued, up to the batch limit, failing appends already cancelled; false when none is left.</summary>
    private bool TakeBatch(List<PendingAppend> batch)
    {
        batch.Clear();
        while (batch.Count < _maxPerCommit && _queue.Reader.TryRead(out var pending))
        {
            if (pending.CancellationToken.IsCancellationRequested)
            {
                pending.Fail(new OperationCanceledException(pending.CancellationToken));
            }
            else
            {
                batch.Add(pending);
            }
        }

        return batch.Count > 0;
    }

    private async Task CommitAsync(List<PendingAppend> batch)
    {
        try
        {
            await _commit(batch, CancellationToken.None);
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var pending in batch)
            {
                pending.Reset();
                await CommitAsync([pending]);
            }

            return;
        }
        catch (Exception ex)
        {
            batch[0].Fail(ex);
            return;
        }

        foreach (var pending in batch)
        {
            if (pending.Stored is { } stored)
            {
                _hub.Publish(pending.SessionId, stored);
            }
        }

        foreach (var pending in batch)
        {
            pending.Complete();
        }
    }
}
