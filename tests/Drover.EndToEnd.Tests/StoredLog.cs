using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Drover.EndToEnd.Tests;

/// <summary>
/// Reads a session's rows straight from the store the server processes write (the SQLite file, read-only, or a
/// PostgreSQL schema), without opening a second session log on it: what is really stored, with its sequences and lease.
/// The SQL is the same for both stores; only the connection differs.
/// </summary>
internal sealed class StoredLog(Func<DbConnection> connect)
{
    public static StoredLog Sqlite(string dataDirectory) =>
        new(() => new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "drover.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString()));

    public static StoredLog Postgres(string connectionString, string schema) =>
        new(() => new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema, Pooling = false }.ToString()));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The session's row: its last sequence and lease.</summary>
    public async Task<StoredSession> SessionAsync(string sessionId)
    {
        await using var connection = connect();
        await connection.OpenAsync(Ct);
        await using var command = Command(connection, "SELECT last_seq, lease_epoch, lease_holder, lease_expires_at FROM sessions WHERE id = @id", sessionId);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct), $"Session {sessionId} is not stored.");
        return new StoredSession(
            reader.GetInt64(0),
            reader.GetInt64(1),
            reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.IsDBNull(3) ? null : Time(reader.GetValue(3)));
    }

    /// <summary>The session's stored events in sequence order.</summary>
    public async Task<List<StoredRow>> EventsAsync(string sessionId)
    {
        await using var connection = connect();
        await connection.OpenAsync(Ct);
        await using var command = Command(connection, "SELECT seq, id, type FROM events WHERE session_id = @id ORDER BY seq", sessionId);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var rows = new List<StoredRow>();
        while (await reader.ReadAsync(Ct))
        {
            rows.Add(new StoredRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    /// <summary>Waits until some run holds the session's lease; returns the holder's process id (holders are <c>machine/pid/random#n</c>).</summary>
    public async Task<(int ProcessId, StoredSession Session)> LeaseHolderAsync(string sessionId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var session = await SessionAsync(sessionId);
            if (session.LeaseHolder is { } holder && session.LeaseExpiresAt > DateTimeOffset.UtcNow)
            {
                return (int.Parse(holder.Split('/')[^2], CultureInfo.InvariantCulture), session);
            }

            Assert.True(DateTime.UtcNow < deadline, $"No run holds the lease of session {sessionId}.");
            await Task.Delay(20, Ct);
        }
    }

    private static DbCommand Command(DbConnection connection, string sql, string sessionId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "id";
        parameter.Value = sessionId;
        command.Parameters.Add(parameter);
        return command;
    }

    // SQLite keeps Unix milliseconds; PostgreSQL a timestamptz.
    private static DateTimeOffset Time(object value) => value switch
    {
        long ms => DateTimeOffset.FromUnixTimeMilliseconds(ms),
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset time => time,
        _ => throw new InvalidOperationException($"Unexpected lease time {value.GetType()}."),
    };
}
