using Drover.Sessions;
using Microsoft.Data.Sqlite;
using static Drover.Storage.Tests.TestEvents;

namespace Drover.Storage.Tests;

public sealed class SqliteSessionLogTests(SqliteFixture fixture) : SessionLogConformanceTests(fixture), IClassFixture<SqliteFixture>
{
    /// <summary>The tables as schema version 1 created them.</summary>
    private const string Version1 = """
        CREATE TABLE sessions (
            id               TEXT    NOT NULL PRIMARY KEY,
            created_at       INTEGER NOT NULL,
            last_seq         INTEGER NOT NULL DEFAULT 0,
            lease_epoch      INTEGER NOT NULL DEFAULT 0,
            lease_holder     TEXT,
            lease_expires_at INTEGER,
            data             TEXT    NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE events (
            session_id  TEXT    NOT NULL,
            seq         INTEGER NOT NULL,
            id          TEXT    NOT NULL,
            type        TEXT    NOT NULL,
            appended_at INTEGER NOT NULL,
            json        TEXT    NOT NULL,
            PRIMARY KEY (session_id, seq)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX events_id ON events (id);
        PRAGMA user_version = 1;
        """;

    [Fact]
    public async Task Version_1_file_gains_the_work_columns_and_keeps_its_sessions_and_events()
    {
        var name = "v1" + Guid.NewGuid().ToString("N")[..8];
        var sessionId = NewSessionId();
        var events = new[] { Message("before the upgrade"), Message("reply", "agent.message") };
        await using (var connection = new SqliteConnection($"Data Source={fixture.PathOf(name)};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = Version1
                + "INSERT INTO sessions (id, created_at, last_seq, lease_epoch, lease_holder, lease_expires_at, data) VALUES ($s, 0, 2, 3, 'old-harness', 60000, '{\"title\":\"old\"}');";
            command.Parameters.AddWithValue("$s", sessionId);
            await command.ExecuteNonQueryAsync(Ct);
            command.CommandText = "INSERT INTO events (session_id, seq, id, type, appended_at, json) VALUES ($s, $seq, $id, $type, 0, $json)";
            for (var i = 0; i < events.Length; i++)
            {
                command.Parameters.Clear();
                command.Parameters.AddWithValue("$s", sessionId);
                command.Parameters.AddWithValue("$seq", i + 1);
                command.Parameters.AddWithValue("$id", events[i].Id);
                command.Parameters.AddWithValue("$type", events[i].Type);
                command.Parameters.AddWithValue("$json", events[i].Json);
                await command.ExecuteNonQueryAsync(Ct);
            }
        }

        var log = await fixture.OpenAsync(name);
        await using (log as IAsyncDisposable)
        {
            var stored = await log.ReadAsync(sessionId, EventSlice.Forward(0, 10), Ct);
            Assert.Equal(events.Select(e => (e.Id, e.Type, e.Json)), stored.Select(e => (e.Id, e.Type, e.Json)));
            var session = (await log.GetSessionAsync(sessionId, Ct))!;
            Assert.Equal((2L, 3L, "old-harness", """{"title":"old"}"""), (session.LastSequence, session.LeaseEpoch, session.LeaseHolder, session.Data));

            // Work from before the upgrade is not woken; new work is, after the old lease lapses.
            Assert.Null(await log.ClaimNextAsync("worker", TimeSpan.FromMinutes(1), Ct));
            await log.AppendAsync(sessionId, [Message("after the upgrade")], AppendCondition.None, Ct);
            var lease = await log.ClaimNextAsync("worker", TimeSpan.FromMinutes(1), Ct);
            Assert.Equal((sessionId, 4L), (lease?.SessionId, lease?.Epoch));
            Assert.False(await log.SettleAsync(lease!, 3, Ct));
        }

        await using (var connection = new SqliteConnection($"Data Source={fixture.PathOf(name)};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT (SELECT user_version FROM pragma_user_version),
                       (SELECT group_concat(name, ',') FROM pragma_table_info('sessions') WHERE name IN ('wake_seq', 'settled_seq')),
                       (SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'sessions_claimable')
                """;
            await using var reader = await command.ExecuteReaderAsync(Ct);
            await reader.ReadAsync(Ct);
            Assert.Equal((2L, "wake_seq,settled_seq", 1L), (reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2)));
        }
    }
}
