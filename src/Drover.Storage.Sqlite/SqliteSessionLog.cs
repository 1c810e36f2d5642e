using System.Text.Json;
using Drover.Sessions;
using Microsoft.Data.Sqlite;

namespace Drover.Storage.Sqlite;

/// <summary>
/// The embedded session log: one SQLite file in WAL mode. One writer connection commits queued appends in
/// groups (see <see cref="AppendBatcher"/>); reads use pooled connections; tails are woken in-process.
/// Only one process may use a file at a time.
/// </summary>
public sealed partial class SqliteSessionLog : ISessionLog, IAsyncDisposable
{
    private const int SqliteConstraint = 19;

    // The background checkpointer keeps the WAL short; the writer checkpoints itself only if it falls this far behind.
    private const int FallbackCheckpointPages = 20_000;

    // Writers of this process queue at the file's write gate; this only covers a lock held by something outside it.
    private const int BusyTimeoutMilliseconds = 10_000;

    private readonly string _connectionString;
    private readonly SessionLogOptions _options;
    private readonly TimeProvider _time;
    private readonly SessionFeedHub _hub = new();
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writeGate;
    private readonly AppendBatcher _batcher;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _checkpointer;

    public SqliteSessionLog(SqliteStoreOptions store, SessionLogOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(store);
        var fullPath = System.IO.Path.GetFullPath(store.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        _options = options;
        _time = timeProvider;

        _writeGate = SqliteWriteGate.For(fullPath);
        _writer = new SqliteConnection(_connectionString);
        _writer.Open();
        SqliteSchema.Apply(_writer);
        using (var pragma = _writer.CreateCommand())
        {
            pragma.CommandText = (store.Durability == SqliteDurability.Full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;")
                + $"PRAGMA wal_autocheckpoint={FallbackCheckpointPages}; PRAGMA cache_size=-65536; PRAGMA busy_timeout={BusyTimeoutMilliseconds};";
            pragma.ExecuteNonQuery();
        }

        _commands = new WriterCommands(_writer);
        _checkpointer = Task.Run(() => CheckpointLoopAsync(_stopping.Token));
        _batcher = new AppendBatcher(CommitBatchAsync, _hub, options.MaxAppendsPerCommit, writers: 1, blockingCommit: true);
    }

    public async Task<SessionRecord> CreateSessionAsync(NewSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        session.Validate();
        var now = _time.GetUtcNow();
        using var gate = EnterWriteGate(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO sessions (id, created_at, data) VALUES ($id, $created, $data)";
        command.Parameters.AddWithValue("$id", session.Id);
        command.Parameters.AddWithValue("$created", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$data", session.Data);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
        {
            throw new SessionAlreadyExistsException(session.Id);
        }

        return new SessionRecord(session.Id, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()), 0, 0, null, null, session.Data);
    }

    public async Task<SessionRecord?> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT created_at, last_seq, lease_epoch, lease_holder, lease_expires_at, data FROM sessions WHERE id = $id";
        command.Parameters.AddWithValue("$id", sessionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new SessionRecord(
            sessionId,
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
            reader.GetInt64(1),
            reader.GetInt64(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            reader.GetString(5));
    }

    public async Task<bool> DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        using var gate = EnterWriteGate(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM events WHERE session_id = $id; DELETE FROM sessions WHERE id = $id;";
        command.Parameters.AddWithValue("$id", sessionId);
        await command.ExecuteNonQueryAsync(cancellationToken);
        command.CommandText = "SELECT changes()";
        var deleted = await command.ExecuteScalarAsync(cancellationToken) is long n && n > 0;
        await transaction.CommitAsync(cancellationToken);
        if (deleted)
        {
            _hub.Close(sessionId);
        }

        return deleted;
    }

    public Task<AppendResult> AppendAsync(string sessionId, IReadOnlyList<NewEvent> events, AppendCondition condition, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        ArgumentNullException.ThrowIfNull(condition);
        EventValidator.Validate(events, _options);
        return _batcher.EnqueueAsync(sessionId, events, condition, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAsync(string sessionId, EventSlice slice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(slice);
        ArgumentOutOfRangeException.ThrowIfLessThan(slice.Limit, 1);
        var limit = Math.Min(slice.Limit, _options.MaxReadLimit);
        var forward = slice.Direction == ReadDirection.Forward;

        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var typeFilter = (slice.Types is null ? "" : " AND type IN (SELECT value FROM json_each($types))")
            + (slice.AppendedFrom is null ? "" : " AND appended_at >= $from")
            + (slice.AppendedBefore is null ? "" : " AND appended_at < $before");
        command.CommandText = forward
            ? $"SELECT seq, id, type, appended_at, json FROM events WHERE session_id = $s AND seq > $c{typeFilter} ORDER BY seq LIMIT $l"
            : $"SELECT seq, id, type, appended_at, json FROM events WHERE session_id = $s AND seq < $c{typeFilter} ORDER BY seq DESC LIMIT $l";
        command.Parameters.AddWithValue("$s", sessionId);
        command.Parameters.AddWithValue("$c", slice.Cursor);
        command.Parameters.AddWithValue("$l", limit);
        if (slice.Types is not null)
        {
            command.Parameters.AddWithValue("$types", JsonSerializer.Serialize(slice.Types, SqliteJsonContext.Default.IReadOnlyCollectionString));
        }

        if (slice.AppendedFrom is { } from)
        {
            command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        }

        if (slice.AppendedBefore is { } before)
        {
            command.Parameters.AddWithValue("$before", before.ToUnixTimeMilliseconds());
        }

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
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
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
        await _batcher.DisposeAsync();
        await _stopping.CancelAsync();
        await _checkpointer;
        _stopping.Dispose();
        _commands.Dispose();
        await _writer.DisposeAsync();
    }

    /// <summary>
    /// Copies the WAL into the database file from a connection of its own, so the writer never pays for it
    /// (SQLite's automatic checkpoint would run inside a commit on the writer thread).
    /// </summary>
    private async Task CheckpointLoopAsync(CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    await checkpoint.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (SqliteException)
                {
                    // A failed pass is retried at the next tick; past the fallback size the writer checkpoints itself.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static async Task EnsureSessionExistsAsync(SqliteConnection connection, string sessionId, CancellationToken cancellationToken)
    {
        await using var check = connection.CreateCommand();
        check.CommandText = "SELECT 1 FROM sessions WHERE id = $s";
        check.Parameters.AddWithValue("$s", sessionId);
        if (await check.ExecuteScalarAsync(cancellationToken) is null)
        {
            throw new SessionNotFoundException(sessionId);
        }
    }

    /// <summary>
    /// Takes the file's write gate for a write on a pooled connection; dispose to release. Take it before opening the
    /// connection, so the transaction is over (committed or rolled back) before the next writer goes. Synchronous, like
    /// the write itself (see <see cref="SqliteWriteGate"/>).
    /// </summary>
    private WriteGateHold EnterWriteGate(CancellationToken cancellationToken)
    {
        _writeGate.Wait(cancellationToken);
        return new WriteGateHold(_writeGate);
    }

    private readonly struct WriteGateHold(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
