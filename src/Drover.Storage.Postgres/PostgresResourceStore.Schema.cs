using System.Text.RegularExpressions;
using Npgsql;

namespace Drover.Storage.Postgres;

public sealed partial class PostgresResourceStore
{
    private const string UniqueNameIndex = "resources_unique_name";

    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <summary>
    /// The table, like SQLite's: one row per version, <c>is_current</c> marking the one that lists show and
    /// that holds the unique name. Times are <c>timestamptz</c> written at millisecond precision, as the
    /// session log's; <c>data</c> is <c>json</c>, which keeps the text byte for byte. Text keys use the "C"
    /// collation so ids sort by code point, as in SQLite.
    /// </summary>
    private static string CreateSql(string schema) => $"""
        SELECT pg_advisory_xact_lock(hashtext('drover.resources.schema'));
        CREATE SCHEMA IF NOT EXISTS "{schema}";
        CREATE TABLE IF NOT EXISTS "{schema}".resources (
            kind        text COLLATE "C" NOT NULL,
            id          text COLLATE "C" NOT NULL,
            version     integer NOT NULL,
            is_current  boolean NOT NULL,
            revision    bigint  NOT NULL,
            unique_name text COLLATE "C",
            created_at  timestamptz NOT NULL,
            updated_at  timestamptz NOT NULL,
            archived_at timestamptz,
            data        json    NOT NULL,
            CONSTRAINT resources_pkey PRIMARY KEY (kind, id, version)
        );
        CREATE UNIQUE INDEX IF NOT EXISTS resources_current ON "{schema}".resources (kind, id) WHERE is_current;
        CREATE UNIQUE INDEX IF NOT EXISTS {UniqueNameIndex} ON "{schema}".resources (kind, unique_name) WHERE is_current AND unique_name IS NOT NULL;
        CREATE INDEX IF NOT EXISTS resources_by_created ON "{schema}".resources (kind, created_at, id) WHERE is_current;
        """;

    private static string ValidateSchema(string schema)
    {
        ArgumentException.ThrowIfNullOrEmpty(schema);
        return SchemaPattern().IsMatch(schema)
            ? schema
            : throw new ArgumentException($"'{schema}' is not a usable schema name: use lowercase letters, digits and underscores.", nameof(schema));
    }

    /// <summary>Creates the schema and table on first use; the advisory lock keeps instances starting together from racing.</summary>
    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
                    await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                    await using (var command = new NpgsqlCommand(CreateSql(_schema), connection, transaction))
                    {
                        await command.ExecuteNonQueryAsync(cancellationToken);
                    }

                    await transaction.CommitAsync(cancellationToken);
                    _schemaReady = true;
                    return;
                }
                catch (PostgresException ex) when (attempt == 1 && ex.SqlState == PostgresErrorCodes.UniqueViolation)
                {
                    // Another store (the session log) created the schema at the same moment without our lock; it exists now.
                }
            }
        }
        finally
        {
            _schemaGate.Release();
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SchemaPattern();
}
