using Anthropic.Models.Beta.Environments.Work;
using Microsoft.Extensions.Logging;

namespace Drover.Worker;

/// <summary>
/// Keeps one work item's lease alive: a heartbeat right after the ack, then every half ttl (at most 30 s), each echoing
/// the previous <c>last_heartbeat</c> as <c>expected_last_heartbeat</c>. Ends the item when the server says
/// <c>stopping</c>/<c>stopped</c> or no longer extends the lease (<see cref="StopRequested"/>), and when the lease is
/// another worker's (412) or no heartbeat succeeded for a whole ttl (<see cref="Lost"/>): then this worker must neither
/// answer calls nor stop the item.
/// </summary>
internal sealed partial class LeaseKeeper(WorkerApi api, string workId, ILogger logger, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan s_maxInterval = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _ended = new();

    /// <summary>Cancelled when the item ends for this worker (stop asked, or lease lost).</summary>
    public CancellationToken Ended => _ended.Token;

    public bool Lost { get; private set; }

    public bool StopRequested { get; private set; }

    /// <summary>Heartbeats until <paramref name="done"/> is cancelled (the worker is finished with the item) or the item ends.</summary>
    public async Task RunAsync(CancellationToken done)
    {
        var last = WorkerApi.NoHeartbeat;
        var ttl = TimeSpan.FromSeconds(90);
        var lastSuccess = time.GetUtcNow();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(done, _ended.Token);
        while (!linked.IsCancellationRequested)
        {
            var interval = TimeSpan.FromTicks(Math.Clamp(ttl.Ticks / 2, TimeSpan.FromSeconds(1).Ticks, s_maxInterval.Ticks));
            try
            {
                // A hung request must not outlive the lease it renews.
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
                beat.CancelAfter(interval);
                var response = await api.HeartbeatAsync(workId, last, beat.Token);
                lastSuccess = time.GetUtcNow();
                last = response.LastHeartbeat;
                if (response.TtlSeconds > 0)
                {
                    ttl = TimeSpan.FromSeconds(response.TtlSeconds);
                }

                var state = response.State.Raw();
                if (!response.LeaseExtended || state is "stopping" or "stopped")
                {
                    LogStopAsked(logger, workId, state);
                    StopRequested = true;
                    await _ended.CancelAsync();
                    return;
                }
            }
            catch (AnthropicBetaHeartbeatPreconditionFailedException)
            {
                LogLeaseLost(logger, workId, "heartbeat precondition failed (412): another worker holds it");
                await EndLostAsync();
                return;
            }
            catch (Exception e) when (!linked.IsCancellationRequested)
            {
                if (time.GetUtcNow() - lastSuccess > ttl)
                {
                    LogLeaseLost(logger, workId, $"no successful heartbeat in {ttl.TotalSeconds:0} s ({e.Message})");
                    await EndLostAsync();
                    return;
                }

                LogHeartbeatFailed(logger, workId, e.Message);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await Task.Delay(interval, time, linked.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public void Dispose() => _ended.Dispose();

    private async Task EndLostAsync()
    {
        Lost = true;
        await _ended.CancelAsync();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Work {WorkId}: the server asks to stop (state {State})")]
    private static partial void LogStopAsked(ILogger logger, string workId, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work {WorkId}: lease lost, {Reason}; leaving the item to the queue")]
    private static partial void LogLeaseLost(ILogger logger, string workId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work {WorkId}: heartbeat failed, retrying: {Error}")]
    private static partial void LogHeartbeatFailed(ILogger logger, string workId, string error);
}
