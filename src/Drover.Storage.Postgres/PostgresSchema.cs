using Npgsql;

namespace Drover.Storage.Postgres;

/// <summary>
/// The store's tables in one schema. Times are <c>timestamptz</c> written at millisecond precision;
/// event JSON and session data are <c>text</c>, so they come back byte for byte.
/// </summary>
internal static class PostgresSchema
{
    private const int Version = 2;

    // Run first, under the lock, so the version can be read.
    private const string CreateVersionTable = """
        CREATE SCHEMA IF NOT EXISTS {schema};

        CREATE TABLE IF NOT EXISTS {schema}.schema_version (
            version integer NOT NULL
        );
        """;

    // {schema} is the quoted schema name. Every append rewrites its session's row, so sessions leaves room on each page for
    // HOT updates. wake_seq is the last sequence of an appended wake-type event and settled_seq the sequence the harness
    // has handled work through (SessionWork); a session has work while wake_seq > settled_seq.
    private const string Create = $$"""
        CREATE TABLE IF NOT EXISTS {schema}.sessions (
            id               text        NOT NULL PRIMARY KEY,
            created_at       timestamptz NOT NULL,
            last_seq         bigint      NOT NULL DEFAULT 0,
            lease_epoch      bigint      NOT NULL DEFAULT 0,
            lease_holder     text,
            lease_expires_at timestamptz,
            data             text        NOT NULL,
            wake_seq         bigint      NOT NULL DEFAULT 0,
            settled_seq      bigint      NOT NULL DEFAULT 0
        ) WITH (fillfactor = 80);

        CREATE TABLE IF NOT EXISTS {schema}.events (
            session_id  text        NOT NULL,
            seq         bigint      NOT NULL,
            id          text        NOT NULL,
            type        text        NOT NULL,
            appended_at timestamptz NOT NULL,
            json        text        NOT NULL,
            PRIMARY KEY (session_id, seq)
        );

        CREATE UNIQUE INDEX IF NOT EXISTS events_id ON {schema}.events (id);
        {{CreateClaimableIndex}}
        """;

    // Adding a NOT NULL column with a constant default only changes the catalog (PostgreSQL 11 and later), and the new
    // index is empty because no session has work yet; the ACCESS EXCLUSIVE lock is held for moments.
    private const string MigrateV1 = $$"""
        ALTER TABLE {schema}.sessions
            ADD COLUMN IF NOT EXISTS wake_seq bigint NOT NULL DEFAULT 0,
            ADD COLUMN IF NOT EXISTS settled_seq bigint NOT NULL DEFAULT 0;
        {{CreateClaimableIndex}}
        """;

    // Only sessions with unsettled work are in it, ordered by when their lease lapses (free ones first): a claim reads one
    // entry. An append without a wake event leaves wake_seq as it was, so the update stays HOT.
    private const string CreateClaimableIndex =
        "CREATE INDEX IF NOT EXISTS sessions_claimable ON {schema}.sessions ((COALESCE(lease_expires_at, '-infinity'::timestamptz))) WHERE wake_seq > settled_seq;";

    /// <summary>The unique index whose violation means an event id is taken.</summary>
    public const string EventIdIndex = "events_id";

    /// <summary>The NOTIFY channel that carries <c>{session id}:{last sequence}</c> after each append.</summary>
    public static string Channel(string schema) => schema + "_events";

    public static async Task ApplyAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var quoted = Quote(schema);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Instances starting together would race on CREATE ... IF NOT EXISTS (it is not atomic) and on the migration; one at a time.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = "drover.schema." + schema });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(CreateVersionTable.Replace("{schema}", quoted, StringComparison.Ordinal), connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);

        command.CommandText = $"SELECT max(version) FROM {quoted}.schema_version";
        var version = await command.ExecuteScalarAsync(cancellationToken) is int v ? v : 0;
        if (version > Version)
        {
            throw new InvalidOperationException($"Schema '{schema}' was written by a newer Drover (schema {version}; this one knows {Version}). Upgrade Drover or use another schema.");
        }

        if (version == Version)
        {
            // Nothing else to run: even IF NOT EXISTS DDL would lock the tables against the other instances' appends.
            return;
        }

        command.CommandText = (version == 1 ? MigrateV1 : Create).Replace("{schema}", quoted, StringComparison.Ordinal)
            + $"DELETE FROM {quoted}.schema_version; INSERT INTO {quoted}.schema_version (version) VALUES ({Version});";
        await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Quotes a schema name that already matched <see cref="PostgresStoreOptions.SchemaPattern"/>.</summary>
    public static string Quote(string schema) => '"' + schema + '"';
}
