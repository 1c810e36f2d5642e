using Npgsql;

namespace Drover.Storage.Postgres;

/// <summary>
/// The store's tables in one schema. Times are <c>timestamptz</c> written at millisecond precision;
/// event JSON and session data are <c>text</c>, so they come back byte for byte.
/// </summary>
internal static class PostgresSchema
{
    private const int Version = 1;

    // {schema} is the quoted schema name. Every append rewrites its session's row, so sessions leaves room on each page for HOT updates.
    private const string CreateV1 = """
        CREATE SCHEMA IF NOT EXISTS {schema};

        CREATE TABLE IF NOT EXISTS {schema}.schema_version (
            version integer NOT NULL
        );

        CREATE TABLE IF NOT EXISTS {schema}.sessions (
            id               text        NOT NULL PRIMARY KEY,
            created_at       timestamptz NOT NULL,
            last_seq         bigint      NOT NULL DEFAULT 0,
            lease_epoch      bigint      NOT NULL DEFAULT 0,
            lease_holder     text,
            lease_expires_at timestamptz,
            data             text        NOT NULL
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
        """;

    /// <summary>The unique index whose violation means an event id is taken.</summary>
    public const string EventIdIndex = "events_id";

    /// <summary>The NOTIFY channel that carries <c>{session id}:{last sequence}</c> after each append.</summary>
    public static string Channel(string schema) => schema + "_events";

    public static async Task ApplyAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var quoted = Quote(schema);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Instances starting together would race on CREATE ... IF NOT EXISTS (it is not atomic); one at a time.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext($1))", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter { Value = "drover.schema." + schema });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var create = new NpgsqlCommand(CreateV1.Replace("{schema}", quoted, StringComparison.Ordinal), connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var read = new NpgsqlCommand($"SELECT max(version) FROM {quoted}.schema_version", connection, transaction))
        {
            var version = await read.ExecuteScalarAsync(cancellationToken) is int v ? v : 0;
            if (version > Version)
            {
                throw new InvalidOperationException($"Schema '{schema}' was written by a newer Drover (schema {version}; this one knows {Version}). Upgrade Drover or use another schema.");
            }

            if (version < Version)
            {
                read.CommandText = $"DELETE FROM {quoted}.schema_version; INSERT INTO {quoted}.schema_version (version) VALUES ({Version})";
                await read.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Quotes a schema name that already matched <see cref="PostgresStoreOptions.SchemaPattern"/>.</summary>
    public static string Quote(string schema) => '"' + schema + '"';
}
