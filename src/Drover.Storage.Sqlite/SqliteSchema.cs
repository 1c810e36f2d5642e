using Microsoft.Data.Sqlite;

namespace Drover.Storage.Sqlite;

/// <summary>The embedded store's tables. Times are Unix milliseconds; event JSON is kept as text, byte for byte.</summary>
internal static class SqliteSchema
{
    private const int Version = 2;

    // wake_seq is the last sequence of an appended wake-type event and settled_seq the sequence the harness has handled
    // work through (SessionWork); a session has work while wake_seq > settled_seq.
    private const string Create = $"""
        CREATE TABLE IF NOT EXISTS sessions (
            id               TEXT    NOT NULL PRIMARY KEY,
            created_at       INTEGER NOT NULL,
            last_seq         INTEGER NOT NULL DEFAULT 0,
            lease_epoch      INTEGER NOT NULL DEFAULT 0,
            lease_holder     TEXT,
            lease_expires_at INTEGER,
            data             TEXT    NOT NULL,
            wake_seq         INTEGER NOT NULL DEFAULT 0,
            settled_seq      INTEGER NOT NULL DEFAULT 0
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
        {CreateClaimableIndex}
        """;

    private const string MigrateV1 = $"""
        ALTER TABLE sessions ADD COLUMN wake_seq INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE sessions ADD COLUMN settled_seq INTEGER NOT NULL DEFAULT 0;
        {CreateClaimableIndex}
        """;

    // Only sessions with unsettled work are in it, ordered by when their lease lapses (free ones first): a claim reads
    // one entry. Appends without wake events do not touch its columns, so they never update it.
    private const string CreateClaimableIndex =
        "CREATE INDEX IF NOT EXISTS sessions_claimable ON sessions (coalesce(lease_expires_at, 0)) WHERE wake_seq > settled_seq;";

    public static void Apply(SqliteConnection connection)
    {
        using (var wal = connection.CreateCommand())
        {
            // WAL lets readers (tails, lists) run while the single writer commits.
            wal.CommandText = "PRAGMA journal_mode=WAL";
            wal.ExecuteNonQuery();
        }

        // BEGIN IMMEDIATE: the version is read and raised under the write lock.
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > Version)
        {
            throw new InvalidOperationException($"The database was written by a newer Drover (schema {version}; this one knows {Version}). Upgrade Drover or use another data directory.");
        }

        if (version == Version)
        {
            return;
        }

        command.CommandText = (version == 1 ? MigrateV1 : Create) + $"PRAGMA user_version = {Version};";
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}
