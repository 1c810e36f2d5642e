using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Anthropic.Exceptions;
using Drover.Events;
using Drover.Hands;
using Microsoft.Extensions.Logging;

namespace Drover.Worker;

/// <summary>
/// Serves one claimed work item: ack, heartbeat (<see cref="LeaseKeeper"/>), read the session's history then its live
/// stream, run each runnable <c>agent.tool_use</c> with the hands and post <c>user.tool_result</c>, and stop the item
/// when the turn has ended and no event came for <see cref="WorkerOptions.MaxIdle"/>, when the server asks, or on
/// shutdown. A lost lease leaves the item alone (it is the queue's or another worker's).
/// </summary>
internal sealed partial class WorkItemRun(WorkerApi api, IHands hands, WorkerOptions options, ILogger logger, TimeProvider time)
{
    private static readonly TimeSpan s_sendTimeout = TimeSpan.FromSeconds(30);

    // A quiet stream is checked against the log this often (a dropped connection can lose events silently).
    private static readonly TimeSpan s_reconcileAfter = TimeSpan.FromSeconds(2);

    public async Task RunAsync(string workId, string sessionId, CancellationToken shutdown)
    {
        try
        {
            // Not cut short by shutdown: an ack that lands unseen would leave the item held until its lease lapses.
            // Acknowledged, the item is served (it sees the shutdown at once) and stopped properly.
            using var ack = new CancellationTokenSource(s_sendTimeout);
            await api.AckAsync(workId, ack.Token);
        }
        catch (AnthropicApiException e)
        {
            // Another worker acknowledged it first, or it was stopped meanwhile.
            LogAckRefused(logger, workId, e.Message);
            return;
        }

        LogClaimed(logger, workId, sessionId);
        using var lease = new LeaseKeeper(api, workId, logger, time);
        using var done = new CancellationTokenSource();
        var heartbeat = lease.RunAsync(done.Token);
        try
        {
            await ServeAsync(sessionId, lease, shutdown);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogItemFailed(logger, e, workId, sessionId);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested || lease.Ended.IsCancellationRequested)
        {
        }
        finally
        {
            await done.CancelAsync();
            await heartbeat;
            if (!lease.Lost)
            {
                await StopAsync(workId);
            }
        }
    }

    private async Task ServeAsync(string sessionId, LeaseKeeper lease, CancellationToken shutdown)
    {
        using var item = CancellationTokenSource.CreateLinkedTokenSource(lease.Ended, shutdown);
        var calls = new SessionCalls();
        var events = Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true });
        using var pumpStop = CancellationTokenSource.CreateLinkedTokenSource(item.Token);

        // The stream is requested before the history is read, but the two requests race: an event appended between the
        // history read and the stream's start, or lost by a dropped stream, is picked up by the reconciling read that
        // runs whenever the stream is quiet for a moment or reconnects.
        var pump = PumpAsync(sessionId, events.Writer, pumpStop.Token);
        try
        {
            await ReconcileAsync(sessionId, calls, item.Token);
            var lastActivity = time.GetUtcNow();
            var quietCheck = options.MaxIdle < s_reconcileAfter ? options.MaxIdle : s_reconcileAfter;
            while (!calls.Terminated)
            {
                while (!item.IsCancellationRequested && calls.NextRunnable() is { } call)
                {
                    await RunCallAsync(sessionId, call, lease, shutdown);
                    calls.Answered(call.Id);
                    lastActivity = time.GetUtcNow();
                }

                if (item.IsCancellationRequested)
                {
                    return;
                }

                var applied = 0;
                if (await WaitForEventsAsync(events.Reader, quietCheck, item.Token))
                {
                    while (events.Reader.TryRead(out var e))
                    {
                        // An undefined element: the pump reconnected, and the stream may have missed events.
                        applied += e.ValueKind == JsonValueKind.Undefined ? await ReconcileAsync(sessionId, calls, item.Token) : calls.Apply(e) ? 1 : 0;
                    }
                }
                else
                {
                    applied = await ReconcileAsync(sessionId, calls, item.Token);
                }

                if (applied > 0)
                {
                    lastActivity = time.GetUtcNow();
                }
                else if (calls.TurnEnded && !calls.HasRunnable && time.GetUtcNow() - lastActivity >= options.MaxIdle)
                {
                    LogIdle(logger, sessionId, options.MaxIdle.TotalSeconds);
                    return;
                }
            }
        }
        finally
        {
            await pumpStop.CancelAsync();
            await pump;
        }
    }

    /// <summary>Applies the events the log has that this worker has not seen, oldest first.</summary>
    private async Task<int> ReconcileAsync(string sessionId, SessionCalls calls, CancellationToken cancellationToken)
    {
        var newer = await api.ListNewerEventsAsync(sessionId, calls.Seen, cancellationToken);
        return newer.Count(calls.Apply);
    }

    /// <summary>True when events are waiting, false when none came within <paramref name="timeout"/>.</summary>
    private static async Task<bool> WaitForEventsAsync(ChannelReader<JsonElement> reader, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (reader.TryPeek(out _))
        {
            return true;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            if (await reader.WaitToReadAsync(wait.Token))
            {
                return true;
            }

            // The stream is over for good (session gone or no longer held): the log alone tells what happens next.
            await Task.Delay(timeout, cancellationToken);
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Copies the live stream into <paramref name="writer"/>, reconnecting when it drops; after a reconnect it writes an
    /// undefined element, which asks the reader to reconcile with the log.
    /// </summary>
    private async Task PumpAsync(string sessionId, ChannelWriter<JsonElement> writer, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    await foreach (var e in api.StreamEventsAsync(sessionId, cancellationToken))
                    {
                        writer.TryWrite(e);
                    }
                }
                catch (AnthropicApiException e) when (e.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
                {
                    // The session is gone or no longer this environment's: nothing more to read.
                    LogStreamEnded(logger, sessionId, e.Message);
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogStreamDropped(logger, sessionId, e.Message);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
                writer.TryWrite(default);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            writer.TryComplete();
        }
    }

    /// <summary>
    /// Runs one call and posts its result. On shutdown, or when the server asks to stop, a call still running after
    /// <see cref="WorkerOptions.ShutdownGrace"/> is cancelled and answered with an error; after a lost lease it is
    /// cancelled at once and not answered (the server answers it as outcome unknown).
    /// </summary>
    private async Task RunCallAsync(string sessionId, ToolUse call, LeaseKeeper lease, CancellationToken shutdown)
    {
        LogRunning(logger, call.Name, call.Id, sessionId);
        ToolOutput output;
        using (var abandon = new CancellationTokenSource())
        {
            using var onShutdown = shutdown.Register(() => abandon.CancelAfter(options.ShutdownGrace));
            using var onEnded = lease.Ended.Register(() =>
            {
                if (lease.Lost)
                {
                    abandon.Cancel();
                }
                else
                {
                    abandon.CancelAfter(options.ShutdownGrace);
                }
            });
            try
            {
                output = await hands.ExecuteAsync(new ToolCall(sessionId, call.Id, call.Name, call.Input, Recipe()), abandon.Token);
            }
            catch (OperationCanceledException) when (abandon.IsCancellationRequested)
            {
                LogAbandoned(logger, call.Name, call.Id, options.ShutdownGrace.TotalSeconds);
                output = ToolOutput.Text(
                    $"The worker running this {call.Name} call was shut down and did not wait past its {options.ShutdownGrace.TotalSeconds:0.#} s grace period: "
                    + "the call was stopped before it finished and may have partly run.",
                    isError: true);
            }
        }

        if (lease.Lost)
        {
            return;
        }

        try
        {
            using var send = new CancellationTokenSource(s_sendTimeout);
            var content = JsonSerializer.SerializeToElement(output.Content, DroverJsonContext.Default.IReadOnlyListContentBlock);
            await api.SendToolResultAsync(sessionId, call.Id, content, output.IsError, send.Token);
            LogAnswered(logger, call.Name, call.Id, output.IsError);
        }
        catch (Exception e) when (e is AnthropicException or HttpRequestException or OperationCanceledException)
        {
            // Refused (answered already, or the item is no longer held) or unreachable: the server's reclaim answers it.
            LogSendFailed(logger, call.Id, e.Message);
        }
    }

    private SandboxRecipe Recipe() => new(
        options.EnvironmentId,
        JsonSerializer.SerializeToElement(options.Network == "unrestricted"
            ? new Dictionary<string, object> { ["type"] = "self_hosted", ["networking"] = new Dictionary<string, string> { ["type"] = "unrestricted" } }
            : new Dictionary<string, object> { ["type"] = "self_hosted" }));

    private async Task StopAsync(string workId)
    {
        try
        {
            using var stop = new CancellationTokenSource(s_sendTimeout);
            await api.StopAsync(workId, stop.Token);
            LogStopped(logger, workId);
        }
        catch (AnthropicApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
        {
        }
        catch (Exception e) when (e is AnthropicException or HttpRequestException or OperationCanceledException)
        {
            LogStopFailed(logger, workId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Work {WorkId}: acknowledged, serving session {SessionId}")]
    private static partial void LogClaimed(ILogger logger, string workId, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Work {WorkId}: the ack was refused ({Reason}); polling again")]
    private static partial void LogAckRefused(ILogger logger, string workId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Work {WorkId} (session {SessionId}) failed")]
    private static partial void LogItemFailed(ILogger logger, Exception exception, string workId, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: turn over and no event for {Seconds} s; stopping the item")]
    private static partial void LogIdle(ILogger logger, string sessionId, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId}: event stream ended: {Reason}")]
    private static partial void LogStreamEnded(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionId}: event stream dropped, reconnecting: {Reason}")]
    private static partial void LogStreamDropped(ILogger logger, string sessionId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Running {Tool} call {ToolUseId} of session {SessionId}")]
    private static partial void LogRunning(ILogger logger, string tool, string toolUseId, string sessionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Answered {Tool} call {ToolUseId} (is_error: {IsError})")]
    private static partial void LogAnswered(ILogger logger, string tool, string toolUseId, bool isError);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Abandoned {Tool} call {ToolUseId}: still running {Seconds} s after shutdown began")]
    private static partial void LogAbandoned(ILogger logger, string tool, string toolUseId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The result of call {ToolUseId} was not accepted: {Reason}")]
    private static partial void LogSendFailed(ILogger logger, string toolUseId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Work {WorkId}: stopped")]
    private static partial void LogStopped(ILogger logger, string workId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work {WorkId}: stop failed: {Reason}")]
    private static partial void LogStopFailed(ILogger logger, string workId, string reason);
}
