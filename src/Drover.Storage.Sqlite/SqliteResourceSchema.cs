using Microsoft.Data.Sqlite;

namespace Drover.Storage.Sqlite;

/// <summary>
/// The resource store's table, beside the session log's in the same file. One row per version; the
/// current version of each resource has <c>is_current = 1</c>, and only current rows hold unique names
/// or appear in lists. Times are Unix milliseconds; data is JSON text kept byte for byte.
/// </summary>
internal static class SqliteResourceSchema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS resources (
            kind        TEXT    NOT NULL,
            id          TEXT    NOT NULL,
            version     INTEGER NOT NULL,
            is_current  INTEGER NOT NULL,
            revision    INTEGER NOT NULL,
            unique_name TEXT,
            created_at  INTEGER NOT NULL,
            updated_at  INTEGER NOT NULL,
            archived_at INTEGER,
            data        TEXT    NOT NULL,
            PRIMARY KEY (kind, id, version)
        ) WITHOUT ROWID;

        CREATE UNIQUE INDEX IF NOT EXISTS resources_current ON resources (kind, id) WHERE is_current = 1;
        CREATE UNIQUE INDEX IF NOT EXISTS resources_unique_name ON resources (kind, unique_name) WHERE is_current = 1 AND unique_name IS NOT NULL;
        CREATE INDEX IF NOT EXISTS resources_by_created ON resources (kind, created_at, id) WHERE is_current = 1;
        """;

    /// <summary>The columns <see cref="SqliteResourceStore"/> reads a record from, in order.</summary>
    public const string Columns = "kind, id, version, revision, unique_name, created_at, updated_at, archived_at, data";

    /// <summary>
    /// Creates the table if missing. It does not touch <c>PRAGMA user_version</c>, which belongs to the
    /// session log's schema (<see cref="SqliteSchema"/>); a later change to this table will check its shape instead.
    /// </summary>
    public static void Apply(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();

        // WAL lets lists and reads run while a writer commits.
        command.CommandText = "PRAGMA journal_mode=WAL;";
        command.ExecuteNonQuery();
        command.CommandText = $"BEGIN IMMEDIATE; {Create} COMMIT;";
        command.ExecuteNonQuery();
    }
}
