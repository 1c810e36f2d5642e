namespace Drover.Storage.Sqlite;

/// <summary>SQLite's <c>synchronous</c> setting in WAL mode.</summary>
public enum SqliteDurability
{
    /// <summary><c>synchronous=FULL</c>: the WAL is fsynced at every commit.</summary>
    Full,

    /// <summary><c>synchronous=NORMAL</c>: the WAL is fsynced only at checkpoints.</summary>
    Normal,
}
