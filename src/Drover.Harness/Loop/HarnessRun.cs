using Drover.Events;
using Drover.Hands;
using Drover.Ids;
using Drover.Sessions;
using Microsoft.Extensions.Logging;

namespace Drover.Harness.Loop;

/// <summary>
/// One wake of one session: under a lease, replay the log, then repeat "decide the next step, do it, append what
/// happened" until there is nothing to do. Every append carries the lease's epoch, so a run that lost its lease
/// cannot write; everything the run knows is in the log, so a run that dies is replaced by another that replays it.
/// </summary>
internal sealed partial class HarnessRun : IAsyncDisposable
{
    private readonly HarnessServices _services;
    private readonly SessionLease _lease;
    private readonly CancellationToken _stopping;
    private readonly CancellationTokenSource _runCts;
    private readonly InterruptWatch _interrupts;
    private SessionState _state = new();
    private HarnessSession _session = null!;
    private long? _currentRun;
    private Task _mirror = Task.CompletedTask;
    private Mcp.McpConnections? _mcp;
    private readonly Mcp.SecretRedactor _redactor = new();

    private HarnessRun(HarnessServices services, SessionLease lease, CancellationToken stopping)
    {
        _services = services;
        _lease = lease;
        _stopping = stopping;
        _runCts = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        _interrupts = new InterruptWatch(services.Log, lease.SessionId, _runCts.Token);
    }

    private string SessionId => _lease.SessionId;

    private HarnessOptions Options => _services.Options;

    /// <summary>
    /// Runs the session until it has nothing to do, then settles the lease. Returns true when work arrived meanwhile
    /// (the session should be claimed again). Throws only when <paramref name="stopping"/> is cancelled.
    /// </summary>
    public static async Task<bool> RunAsync(HarnessServices services, SessionLease lease, CancellationToken stopping)
    {
        await using var run = new HarnessRun(services, lease, stopping);
        return await run.RunAsync();
    }

    private async Task<bool> RunAsync()
    {
        var token = _runCts.Token;
        using var renewal = _services.Time.CreateTimer(_ => _ = RenewAsync(), null, Options.LeaseDuration / 3, Options.LeaseDuration / 3);
        try
        {
            if (await _services.Directory.GetAsync(SessionId, token) is not { } session)
            {
                return await NoSessionObjectAsync(token);
            }

            _session = session;
            await LoadSecretsAsync(token);
            _state = SessionState.Replay(await ReadAllAsync(token));
            _interrupts.Start(_state.LastSequence);
            while (true)
            {
                await CatchUpAsync(token);
                var step = _state.Decide(_currentRun, _session.ToolsRunRemotely, Options.MaxRequestsPerTurn);
                if (step == Step.Wait)
                {
                    if (_session.ToolsRunRemotely && _state.OpenToolUses.Any(t => t.Kind == ToolKind.BuiltIn && t.Runnable && !t.Resolved))
                    {
                        // The calls wait durably in the log; the work item brings a worker to answer them.
                        await _services.Directory.RequestWorkerAsync(SessionId, _session.Recipe.EnvironmentId, token);
                    }

                    await _mirror;
                    return await _services.Log.SettleAsync(_lease, _state.LastSequence, token);
                }

                if (step == Step.StartRun && _state.DecideOnceRunning(_session.ToolsRunRemotely, Options.MaxRequestsPerTurn) == Step.CallModel)
                {
                    await CallModelAsync(openRun: true, token);
                    continue;
                }

                await DoAsync(step, token);
            }
        }
        catch (Exception ex) when (ex is StaleLeaseException or SessionNotFoundException || (ex is OperationCanceledException && !_stopping.IsCancellationRequested))
        {
            // Lost the lease (another run has the session, or renewal failed), or the session was deleted: stop writing.
            LogRunAbandoned(_services.Logger, SessionId, ex is OperationCanceledException ? "its lease was lost (not renewed in time)" : ex.Message);
            return false;
        }
    }

    /// <summary>
    /// The log has the session but the API has no session object: either a create is between its two writes (the
    /// object follows within milliseconds, and its creator rings again), or a create failed half way and left an
    /// orphan log that will never have one. Release for the first; settle the orphan so it is not claimed forever.
    /// </summary>
    private async Task<bool> NoSessionObjectAsync(CancellationToken token)
    {
        var record = await _services.Log.GetSessionAsync(SessionId, token);
        if (record is not null && _services.Time.GetUtcNow() - record.CreatedAt > OrphanAge)
        {
            await _services.Log.SettleAsync(_lease, record.LastSequence, token);
        }
        else
        {
            await _services.Log.ReleaseLeaseAsync(_lease, token);
        }

        return false;
    }

    private static readonly TimeSpan OrphanAge = TimeSpan.FromMinutes(1);

    private Task DoAsync(Step step, CancellationToken token) => step switch
    {
        _ when step == Step.StartRun => StartRunAsync(token),
        _ when step == Step.CallModel => CallModelAsync(openRun: false, token),
        CloseOrphanSpan orphan => AppendAsync([new SpanModelRequestEndEvent { ModelRequestStartId = orphan.ModelRequestStartId, IsError = true, ModelUsage = ZeroUsage }], token),
        RunTool run => RunToolAsync(run, token),
        RefuseTool refuse => AppendAsync([ResultFor(refuse.ToolUse, ToolOutput.Text(refuse.Message, isError: true))], token),
        GoIdle idle => GoIdleAsync(idle, token),
        _ => throw new InvalidOperationException($"Unknown step {step}."),
    };

    private async Task StartRunAsync(CancellationToken token)
    {
        List<SessionEvent> batch = RunOpening();
        var first = await AppendAsync(batch, token);
        _currentRun = first + batch.Count - 1;

        // The mirror is written while the run goes on (the model request need not wait for it); the next mirror write
        // and the settle wait for it, so the session object's status changes in the log's order.
        _mirror = MirrorStatusAsync("running", token);
        await ProvisionHandsAsync(token);
    }

    // A run the log still shows running died (its lease lapsed): the session was rescheduled onto this one.
    private List<SessionEvent> RunOpening() => _state.ActiveRun is not null
        ? [new SessionStatusRescheduledEvent(), new SessionStatusRunningEvent()]
        : [new SessionStatusRunningEvent()];

    // Lazy hands return at once; eager ones make the sandbox ready before the first model call.
    private async Task ProvisionHandsAsync(CancellationToken token)
    {
        if (_services.Hands is { } hands && !_session.ToolsRunRemotely && _session.Agent.Tools.BuiltIns.Values.Any(t => t.Enabled))
        {
            await hands.ProvisionAsync(SessionId, _session.Recipe, token);
        }
    }

    private async Task GoIdleAsync(GoIdle idle, CancellationToken token)
    {
        var now = _services.Time.GetUtcNow();
        List<SessionEvent> batch = [];
        if (idle.Error is { } error)
        {
            batch.Add(new SessionErrorEvent { Error = error });
        }

        batch.Add(new SessionUsageEvent { Usage = _state.Usage.ToSessionUsage(_state.ActiveSecondsAt(now)) });
        batch.Add(new SessionStatusIdleEvent { StopReason = new StopReason(idle.StopReason) { EventIds = idle.EventIds } });
        await AppendAsync(batch, token);
        _currentRun = null;
        await MirrorStatusAsync("idle", token);
    }

    private static readonly ModelUsage ZeroUsage = new() { InputTokens = 0, OutputTokens = 0, CacheCreationInputTokens = 0, CacheReadInputTokens = 0 };

    /// <summary>Writes the status (and the usage as of now) to the session object, after the mirror write before it.</summary>
    private Task MirrorStatusAsync(string status, CancellationToken token) =>
        WriteMirrorAsync(_mirror, status, _state.Usage.ToSessionUsage(_state.ActiveSeconds), token);

    private async Task WriteMirrorAsync(Task previous, string status, SessionUsage usage, CancellationToken token)
    {
        await previous;
        try
        {
            await _services.Directory.RecordStatusAsync(SessionId, status, usage, token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The log has the status; the mirror catches up on the next change.
            LogMirrorFailed(_services.Logger, ex, SessionId, status);
        }
    }

    private async Task RenewAsync()
    {
        try
        {
            if (!await _services.Log.RenewLeaseAsync(_lease, Options.LeaseDuration, _runCts.Token))
            {
                await _runCts.CancelAsync();
            }
        }
        catch (OperationCanceledException) when (_runCts.IsCancellationRequested)
        {
            // The run has stopped (a renewal found the lease gone, or the server is stopping): nothing is left to renew.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRenewFailed(_services.Logger, ex, SessionId);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _mirror.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_mcp is not null)
        {
            await _mcp.DisposeAsync();
        }

        await _interrupts.DisposeAsync();
        _runCts.Dispose();
    }

    private static string NewEventId() => DroverIds.New(DroverIds.Event);

    [LoggerMessage(Level = LogLevel.Information, Message = "Harness run of session {SessionId} stopped: {Reason}")]
    private static partial void LogRunAbandoned(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not mirror status {Status} of session {SessionId} into its session object")]
    private static partial void LogMirrorFailed(ILogger logger, Exception exception, string sessionId, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease of session {SessionId}; the next renewal tries again")]
    private static partial void LogRenewFailed(ILogger logger, Exception exception, string sessionId);
}
