using Microsoft.Data.Sqlite;

namespace Drover.Storage.Sqlite;

/// <summary>The embedded store's tables. Times are Unix milliseconds; event JSON is kept as text, byte for byte.</summary>
internal static class SqliteSchema
{
    private const int Version = 1;

    private const string CreateV1 = """
        CREATE TABLE IF NOT EXISTS sessions (
            id               TEXT    NOT NULL PRIMARY KEY,
            created_at       INTEGER NOT NULL,
            last_seq         INTEGER NOT NULL DEFAULT 0,
            lease_epoch      INTEGER NOT NULL DEFAULT 0,
            lease_holder     TEXT,
            lease_expires_at INTEGER,
            data             TEXT    NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS events (
            session_id  TEXT    NOT NULL,
            seq         INTEGER NOT NULL,
            id          TEXT    NOT NULL,
            type        TEXT    NOT NULL,
            appended_at INTEGER NOT NULL,
            json        TEXT    NOT NULL,
            PRIMARY KEY (session_id, seq)
        ) WITHOUT ROWID;

        CREATE UNIQUE INDEX IF NOT EXISTS events_id ON events (id);
        """;

    public static void Apply(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();

        // WAL lets readers (tails, lists) run while the single writer commits.
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA user_version;";
        using (var reader = command.ExecuteReader())
        {
            reader.NextResult();
            reader.Read();
            var version = reader.GetInt32(0);
            if (version > Version)
            {
                throw new InvalidOperationException($"The database was written by a newer Drover (schema {version}; this one knows {Version}). Upgrade Drover or use another data directory.");
            }
        }

        command.CommandText = $"BEGIN IMMEDIATE; {CreateV1} PRAGMA user_version = {Version}; COMMIT;";
        command.ExecuteNonQuery();
    }
}
