using Drover.Events;
using Drover.Hands;
using Drover.Harness.Context;
using Drover.Harness.Loop;
using Drover.Harness.Models;
using Drover.Sessions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Drover.Harness.Wake;

/// <summary>
/// The harness of one server instance: a dispatcher that claims sessions with work (rung by the API through
/// <see cref="WakeSignal"/>, or found by polling the log: other instances' appends, expired leases of dead runs) and
/// runs up to <see cref="HarnessOptions.Workers"/> of them at once. Runs are asynchronous: a run waiting on the model or
/// a tool holds a slot, not a thread.
/// </summary>
public sealed partial class HarnessWorkers : BackgroundService
{
    private readonly HarnessServices _services;
    private readonly WakeSignal _signal;
    private readonly SemaphoreSlim _slots;
    private readonly string _instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..12]}";
    private int _next;

    // When the log was last polled and found nothing; 0 (long ago) until the first poll, so a start resumes at once.
    private long _lastPoll;

    public HarnessWorkers(
        ISessionLog log,
        ISessionDirectory directory,
        IModelRouter models,
        WakeSignal signal,
        HarnessOptions options,
        TimeProvider time,
        ILogger<HarnessWorkers> logger,
        IHands? hands = null,
        IContextStrategy? context = null,
        Mcp.McpConnector? mcp = null,
        IEventPreviews? previews = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _services = new HarnessServices(log, directory, models, hands, context ?? new SummarizingContextStrategy(options.Context), options, time, logger, mcp, previews);
        _signal = signal;
        _slots = new SemaphoreSlim(options.Workers, options.Workers);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new HashSet<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await _slots.WaitAsync(stoppingToken);
                Work work;
                try
                {
                    work = await NextWorkAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    _slots.Release();
                    LogClaimFailed(_services.Logger, ex);
                    await Task.Delay(_services.Options.PollInterval, _services.Time, stoppingToken);
                    continue;
                }

                var run = RunAsync(work, stoppingToken);
                lock (running)
                {
                    running.Add(run);
                }

                _ = run.ContinueWith(t => { lock (running) { running.Remove(t); } }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        Task[] remaining;
        lock (running)
        {
            remaining = [.. running];
        }

        await Task.WhenAll(remaining).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// The next session to run: a rung one (its lease is taken by the run, so the rings of a burst are acquired in
    /// parallel rather than one after another here), else one the log says has work; waits until there is one.
    /// </summary>
    private async Task<Work> NextWorkAsync(CancellationToken token)
    {
        var holder = $"{_instance}#{Interlocked.Increment(ref _next)}";
        while (true)
        {
            if (_signal.Rings.TryRead(out var sessionId))
            {
                return new Work(sessionId, holder, Claimed: null);
            }

            // The log is polled once per interval (a claim is a write), and again at once while it finds work.
            var untilPoll = _services.Options.PollInterval - _services.Time.GetElapsedTime(_lastPoll);
            if (untilPoll <= TimeSpan.Zero)
            {
                if (await _services.Log.ClaimNextAsync(holder, _services.Options.LeaseDuration, token) is { } claimed)
                {
                    return new Work(claimed.SessionId, holder, claimed);
                }

                _lastPoll = _services.Time.GetTimestamp();
                untilPoll = _services.Options.PollInterval;
            }

            using var poll = CancellationTokenSource.CreateLinkedTokenSource(token);
            poll.CancelAfter(untilPoll);
            try
            {
                await _signal.Rings.WaitToReadAsync(poll.Token);
            }
            catch (OperationCanceledException) when (!token.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>A session to run: claimed from the log, or rung (<paramref name="Claimed"/> null) and still to be acquired.</summary>
    private sealed record Work(string SessionId, string Holder, SessionLease? Claimed);

    private async Task<SessionLease?> TryAcquireAsync(string sessionId, string holder, CancellationToken token)
    {
        try
        {
            return await _services.Log.TryAcquireLeaseAsync(sessionId, holder, _services.Options.LeaseDuration, token);
        }
        catch (SessionNotFoundException)
        {
            return null;
        }
    }

    private async Task RunAsync(Work work, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            // A run that ends with work waiting (appended while it settled) goes again at once under a new lease.
            for (var current = work.Claimed ?? await AcquireRungAsync(work, stoppingToken); current is not null;)
            {
                var more = await HarnessRun.RunAsync(_services, current, stoppingToken);
                current = more ? await TryAcquireAsync(current.SessionId, current.Holder, stoppingToken) : null;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the lease lapses and another instance (or this one after a restart) resumes from the log.
        }
        catch (Exception ex)
        {
            LogRunFailed(_services.Logger, ex, work.SessionId);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The lease of a rung session, or null when another run has it (that run settles and sees the work) or taking it failed.</summary>
    private async Task<SessionLease?> AcquireRungAsync(Work work, CancellationToken token)
    {
        try
        {
            return await TryAcquireAsync(work.SessionId, work.Holder, token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The work stays in the log; polling claims it.
            LogClaimFailed(_services.Logger, ex);
            return null;
        }
    }

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not claim a session; trying again after the poll interval")]
    private static partial void LogClaimFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Harness run of session {SessionId} failed; its lease lapses and the session is resumed from the log")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string sessionId);
}
