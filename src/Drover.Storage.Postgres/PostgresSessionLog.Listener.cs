using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Drover.Storage.Postgres;

public sealed partial class PostgresSessionLog
{
    private static readonly TimeSpan s_firstRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromSeconds(5);

    // An idle listener pings this often, so a connection that died silently is noticed and replaced.
    private static readonly TimeSpan s_pingInterval = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Opens the listener connection and starts listening. Tails are then told to re-read the store,
    /// because appends by other instances may have gone unnoticed while no listener was connected.
    /// </summary>
    private async Task<NpgsqlConnection> ConnectListenerAsync(CancellationToken cancellationToken)
    {
        var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            connection.Notification += OnNotification;
            await using (var listen = new NpgsqlBatch(connection))
            {
                var name = new NpgsqlBatchCommand("SELECT set_config('application_name', $1, false)");
                name.Parameters.Add(Text(_listenerName));
                listen.BatchCommands.Add(name);
                listen.BatchCommands.Add(new NpgsqlBatchCommand($"LISTEN {PostgresSchema.Quote(_channel)}"));
                await listen.ExecuteNonQueryAsync(cancellationToken);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        _hub.PublishUnknownToAll();
        LogListening(_logger, _channel, connection.ProcessID);
        return connection;
    }

    private async Task ListenLoopAsync(NpgsqlConnection? connection, CancellationToken stopping)
    {
        var delay = s_firstRetryDelay;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                connection ??= await ConnectListenerAsync(stopping);
                delay = s_firstRetryDelay;
                while (true)
                {
                    if (!await connection.WaitAsync(s_pingInterval, stopping))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteNonQueryAsync(stopping);
                    }
                }
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // Whatever broke the listener, a fresh connection is the remedy; this loop must outlive it.
                LogListenerLost(_logger, ex, _channel, delay);
            }
            finally
            {
                if (connection is not null)
                {
                    connection.Notification -= OnNotification;
                    await connection.DisposeAsync();
                    connection = null;
                }
            }

            try
            {
                await Task.Delay(delay, _time, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_maxRetryDelay.Ticks));
        }
    }

    /// <summary>
    /// Turns <c>{session id}:{last sequence}</c> into a watermark for that session's tails in this process,
    /// and <c>{session id}:deleted</c> into the end of them.
    /// </summary>
    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        var payload = e.Payload;
        var colon = payload.LastIndexOf(':');
        if (colon > 0 && payload.AsSpan(colon + 1).SequenceEqual(DeletedMarker))
        {
            _hub.Close(payload[..colon]);
        }
        else if (colon > 0 && long.TryParse(payload.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var lastSequence))
        {
            _hub.PublishWatermark(payload[..colon], lastSequence);
        }
        else
        {
            _hub.PublishUnknownToAll();
        }
    }

    private const string DeletedMarker = "deleted";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Listening on channel {Channel} (backend {ProcessId}).")]
    private static partial void LogListening(ILogger logger, string channel, int processId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The listener on channel {Channel} failed; reconnecting in {RetryDelay}.")]
    private static partial void LogListenerLost(ILogger logger, Exception exception, string channel, TimeSpan retryDelay);
}
