using Drover.Sessions;
using Npgsql;
using static Drover.Storage.Tests.TestEvents;

namespace Drover.Storage.Tests;

/// <summary>Opening a schema written by an earlier Drover migrates it in place, once, however many instances start together.</summary>
public sealed class PostgresSchemaTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    /// <summary>The tables as schema version 1 created them, with one session of two events, leased.</summary>
    private const string Version1 = """
        CREATE SCHEMA {schema};
        CREATE TABLE {schema}.schema_version (version integer NOT NULL);
        INSERT INTO {schema}.schema_version (version) VALUES (1);
        CREATE TABLE {schema}.sessions (
            id               text        NOT NULL PRIMARY KEY,
            created_at       timestamptz NOT NULL,
            last_seq         bigint      NOT NULL DEFAULT 0,
            lease_epoch      bigint      NOT NULL DEFAULT 0,
            lease_holder     text,
            lease_expires_at timestamptz,
            data             text        NOT NULL
        ) WITH (fillfactor = 80);
        CREATE TABLE {schema}.events (
            session_id  text        NOT NULL,
            seq         bigint      NOT NULL,
            id          text        NOT NULL,
            type        text        NOT NULL,
            appended_at timestamptz NOT NULL,
            json        text        NOT NULL,
            PRIMARY KEY (session_id, seq)
        );
        CREATE UNIQUE INDEX events_id ON {schema}.events (id);
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Version_1_schema_gains_the_work_columns_and_keeps_its_sessions_and_events()
    {
        var name = "v1" + Guid.NewGuid().ToString("N")[..8];
        var schema = '"' + fixture.SchemaFor(name) + '"';
        var sessionId = NewSessionId();
        var events = new[] { Message("before the upgrade"), Message("reply", "agent.message") };
        await using (var connection = await OpenAdminAsync())
        {
            await using var create = new NpgsqlCommand(Version1.Replace("{schema}", schema, StringComparison.Ordinal), connection);
            await create.ExecuteNonQueryAsync(Ct);
            await using var insert = new NpgsqlCommand(
                $$"""
                WITH session AS (
                    INSERT INTO {{schema}}.sessions (id, created_at, last_seq, lease_epoch, lease_holder, lease_expires_at, data)
                    VALUES ($1, '2000-01-01T00:00:00Z', 2, 3, 'old-harness', '2000-01-01T00:01:00Z', '{"title":"old"}')
                ), inserted AS (
                    INSERT INTO {{schema}}.events (session_id, seq, id, type, appended_at, json)
                    SELECT $1, e.ord, e.id, e.type, '2000-01-01T00:00:00Z', e.json
                    FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS e (id, type, json, ord)
                )
                SELECT 1
                """,
                connection);
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = sessionId });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = events.Select(e => e.Id).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = events.Select(e => e.Type).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = events.Select(e => e.Json).ToArray() });
            await insert.ExecuteNonQueryAsync(Ct);
        }

        // Several instances starting at once: one migrates, the others wait for it and find nothing to do.
        var logs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => fixture.OpenAsync(name, applicationName: null)));
        try
        {
            var log = logs[0];
            var stored = await log.ReadAsync(sessionId, EventSlice.Forward(0, 10), Ct);
            Assert.Equal(events.Select(e => (e.Id, e.Type, e.Json)), stored.Select(e => (e.Id, e.Type, e.Json)));
            var session = (await log.GetSessionAsync(sessionId, Ct))!;
            Assert.Equal((2L, 3L, "old-harness", """{"title":"old"}"""), (session.LastSequence, session.LeaseEpoch, session.LeaseHolder, session.Data));
            Assert.Equal((2, "wake_seq,settled_seq", 1L), await ReadShapeAsync(schema));

            // Work from before the upgrade is not woken; new work is, after the old lease lapses.
            Assert.Null(await log.ClaimNextAsync("worker", TimeSpan.FromMinutes(1), Ct));
            await logs[1].AppendAsync(sessionId, [Message("after the upgrade")], AppendCondition.None, Ct);
            var lease = await logs[2].ClaimNextAsync("worker", TimeSpan.FromMinutes(1), Ct);
            Assert.Equal((sessionId, 4L), (lease?.SessionId, lease?.Epoch));
            Assert.False(await logs[3].SettleAsync(lease!, 3, Ct));
        }
        finally
        {
            foreach (var log in logs)
            {
                await log.DisposeAsync();
            }
        }

        await using var reopened = await fixture.OpenAsync(name, applicationName: null);
        Assert.Equal(3, (await reopened.GetSessionAsync(sessionId, Ct))!.LastSequence);
    }

    /// <summary>The recorded version, the columns added in version 2 (in table order), and how many claimable indexes exist.</summary>
    private async Task<(int Version, string Columns, long ClaimableIndexes)> ReadShapeAsync(string schema)
    {
        var bare = schema.Trim('"');
        await using var connection = await OpenAdminAsync();
        await using var command = new NpgsqlCommand(
            $"""
            SELECT (SELECT max(version) FROM {schema}.schema_version),
                   (SELECT string_agg(column_name::text, ',' ORDER BY ordinal_position) FROM information_schema.columns
                    WHERE table_schema = $1 AND table_name = 'sessions' AND column_name IN ('wake_seq', 'settled_seq')),
                   (SELECT count(*) FROM pg_indexes WHERE schemaname = $1 AND indexname = 'sessions_claimable')
            """,
            connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = bare });
        await using var reader = await command.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        return (reader.GetInt32(0), reader.GetString(1), reader.GetInt64(2));
    }

    private async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }
}
