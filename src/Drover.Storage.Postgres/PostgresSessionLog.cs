using System.Text.RegularExpressions;
using Drover.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Drover.Storage.Postgres;

/// <summary>
/// The scale-out session log: tables in one PostgreSQL schema shared by any number of instances. Queued
/// appends commit in groups (see <see cref="AppendBatcher"/>) on several writer connections, each group one
/// transaction in one round trip; every append notifies the schema's channel, and each instance keeps one
/// listener connection that turns those notifications into wake-ups for its own tails.
/// </summary>
public sealed partial class PostgresSessionLog : ISessionLog, IAsyncDisposable
{
    private const int DefaultMaxAutoPrepare = 32;

    private readonly NpgsqlDataSource _dataSource;
    private readonly SessionLogOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _channel;
    private readonly string _listenerName;
    private readonly SessionFeedHub _hub = new();
    private readonly AppendBatcher _batcher;
    private readonly CancellationTokenSource _stopping = new();
    private Task _listener = Task.CompletedTask;
    private int _disposed;

    private PostgresSessionLog(NpgsqlDataSource dataSource, PostgresStoreOptions store, string applicationName, SessionLogOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _dataSource = dataSource;
        _options = options;
        _time = timeProvider;
        _logger = logger;
        _channel = PostgresSchema.Channel(store.Schema);
        _listenerName = applicationName + "/listener";
        _batcher = new AppendBatcher(CommitBatchAsync, _hub, options.MaxAppendsPerCommit, store.Writers);
    }

    /// <summary>
    /// Creates the schema when missing, starts listening for other instances' appends, and returns the log.
    /// Dispose it to stop the listener and close its connections.
    /// </summary>
    public static async Task<PostgresSessionLog> OpenAsync(
        PostgresStoreOptions store,
        SessionLogOptions options,
        TimeProvider timeProvider,
        ILogger<PostgresSessionLog>? logger = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentException.ThrowIfNullOrEmpty(store.ConnectionString);
        ArgumentOutOfRangeException.ThrowIfLessThan(store.Writers, 1);
        if (store.Schema is null || !SchemaName().IsMatch(store.Schema))
        {
            throw new ArgumentException($"Schema '{store.Schema}' is not a plain lowercase PostgreSQL name of at most 49 characters (letters, digits, underscores).", nameof(store));
        }

        var builder = new NpgsqlDataSourceBuilder(store.ConnectionString);
        var connection = builder.ConnectionStringBuilder;
        var applicationName = store.ApplicationName ?? connection.ApplicationName ?? "drover";
        connection.ApplicationName = applicationName;
        connection.SearchPath = store.Schema;
        if (connection.MaxAutoPrepare == 0)
        {
            connection.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        var dataSource = builder.Build();
        PostgresSessionLog? log = null;
        try
        {
            await using (var setup = await dataSource.OpenConnectionAsync(cancellationToken))
            {
                await PostgresSchema.ApplyAsync(setup, store.Schema, cancellationToken);
            }

            log = new PostgresSessionLog(dataSource, store, applicationName, options, timeProvider, logger ?? (ILogger)NullLogger.Instance);

            // The first LISTEN happens here so that a failure surfaces to the caller and a new instance is awake once open.
            var listener = await log.ConnectListenerAsync(cancellationToken);
            log._listener = Task.Run(() => log.ListenLoopAsync(listener, log._stopping.Token), CancellationToken.None);
            return log;
        }
        catch
        {
            if (log is not null)
            {
                await log.DisposeAsync();
            }
            else
            {
                await dataSource.DisposeAsync();
            }

            throw;
        }
    }

    public async Task<SessionRecord> CreateSessionAsync(NewSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        ValidateSessionData(session);
        var now = Now();
        await using var command = _dataSource.CreateCommand("INSERT INTO sessions (id, created_at, data) VALUES ($1, $2, $3)");
        command.Parameters.Add(Text(session.Id));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(Text(session.Data));
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new SessionAlreadyExistsException(session.Id);
        }

        return new SessionRecord(session.Id, now, 0, 0, null, null, session.Data);
    }

    public async Task<bool> DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (!IsStorable(sessionId))
        {
            return false;
        }

        // One implicit transaction: events, then the row, then a notification that ends tails in other instances.
        await using var batch = _dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM events WHERE session_id = $1") { Parameters = { Text(sessionId) } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM sessions WHERE id = $1") { Parameters = { Text(sessionId) } });

        // Unconditional: ending the tails of a session that did not exist is harmless.
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT pg_notify($1, $2 || ':{DeletedMarker}')") { Parameters = { Text(_channel), Text(sessionId) } });
        await batch.ExecuteNonQueryAsync(cancellationToken);
        var deleted = batch.BatchCommands[1].RecordsAffected > 0;
        if (deleted)
        {
            _hub.Close(sessionId);
        }

        return deleted;
    }

    public async Task<SessionRecord?> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        if (!IsStorable(sessionId))
        {
            return null;
        }

        await using var command = _dataSource.CreateCommand(
            "SELECT created_at, last_seq, lease_epoch, lease_holder, lease_expires_at, data FROM sessions WHERE id = $1");
        command.Parameters.Add(Text(sessionId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new SessionRecord(
            sessionId,
            reader.GetFieldValue<DateTimeOffset>(0),
            reader.GetInt64(1),
            reader.GetInt64(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
            reader.GetString(5));
    }

    public Task<AppendResult> AppendAsync(string sessionId, IReadOnlyList<NewEvent> events, AppendCondition condition, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(condition);
        EventValidator.Validate(events, _options);
        for (var i = 0; i < events.Count; i++)
        {
            // PostgreSQL text cannot hold U+0000; validated JSON never contains a raw one, but ids and types might.
            if (!IsStorable(events[i].Id) || !IsStorable(events[i].Type))
            {
                throw new InvalidEventException($"events[{i}] has a NUL character in its id or type.");
            }
        }

        return IsStorable(sessionId)
            ? _batcher.EnqueueAsync(sessionId, events, condition, cancellationToken)
            : Task.FromException<AppendResult>(new SessionNotFoundException(sessionId));
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(string sessionId, EventSlice slice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentOutOfRangeException.ThrowIfLessThan(slice.Limit, 1);
        if (!IsStorable(sessionId))
        {
            throw new SessionNotFoundException(sessionId);
        }

        var forward = slice.Direction == ReadDirection.Forward;
        const string Filters = " AND ($4::text[] IS NULL OR type = ANY($4)) AND ($5::timestamptz IS NULL OR appended_at >= $5) AND ($6::timestamptz IS NULL OR appended_at < $6)";
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            forward
                ? $"SELECT seq, id, type, appended_at, json FROM events WHERE session_id = $1 AND seq > $2{Filters} ORDER BY seq LIMIT $3"
                : $"SELECT seq, id, type, appended_at, json FROM events WHERE session_id = $1 AND seq < $2{Filters} ORDER BY seq DESC LIMIT $3",
            connection);
        command.Parameters.Add(Text(sessionId));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = slice.Cursor });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = Math.Min(slice.Limit, _options.MaxReadLimit) });
        command.Parameters.Add(new NpgsqlParameter { Value = slice.Types is null ? DBNull.Value : slice.Types.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)slice.AppendedFrom?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)slice.AppendedBefore?.ToUniversalTime() ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });

        var events = new List<StoredEvent>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add(new StoredEvent(
                    sessionId,
                    reader.GetInt64(0),
                    reader.GetString(1),
                    reader.GetString(2),
                    reader.GetFieldValue<DateTimeOffset>(3),
                    reader.GetString(4)));
            }
        }

        if (events.Count == 0)
        {
            await EnsureSessionExistsAsync(connection, sessionId, cancellationToken);
        }

        return events;
    }

    public IAsyncEnumerable<StoredEvent> TailAsync(string sessionId, long afterSequence, CancellationToken cancellationToken = default) =>
        SessionTail.TailAsync(
            _hub,
            sessionId,
            afterSequence,
            (after, limit, ct) => ReadAsync(sessionId, EventSlice.Forward(after, limit), ct),
            _options.MaxReadLimit,
            cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Queued appends finish first; then the listener stops; then the pool closes.
        await _batcher.DisposeAsync();
        await _stopping.CancelAsync();
        await _listener;
        _stopping.Dispose();
        await _dataSource.DisposeAsync();
    }

    private static void ValidateSessionData(NewSession session)
    {
        session.Validate();
        if (!IsStorable(session.Id))
        {
            throw new ArgumentException("Session ids cannot contain NUL characters.", nameof(session));
        }
    }

    private static async Task EnsureSessionExistsAsync(NpgsqlConnection connection, string sessionId, CancellationToken cancellationToken)
    {
        await using var check = new NpgsqlCommand("SELECT 1 FROM sessions WHERE id = $1", connection);
        check.Parameters.Add(Text(sessionId));
        if (await check.ExecuteScalarAsync(cancellationToken) is null)
        {
            throw new SessionNotFoundException(sessionId);
        }
    }

    private static bool IsStorable(string text) => !text.Contains('\0', StringComparison.Ordinal);

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    /// <summary>The clock at millisecond precision, so what is written is exactly what is read back.</summary>
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());

    [GeneratedRegex(PostgresStoreOptions.SchemaPattern)]
    private static partial Regex SchemaName();
}
