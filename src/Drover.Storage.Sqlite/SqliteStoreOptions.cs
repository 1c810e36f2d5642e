namespace Drover.Storage.Sqlite;

/// <summary>Where the embedded store keeps its file and how hard it syncs.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file's path; created with its folder when missing.</summary>
    public required string Path { get; set; }

    /// <summary>
    /// <see cref="SqliteDurability.Full"/> (default): a commit survives power loss.
    /// <see cref="SqliteDurability.Normal"/>: a commit survives a process crash, but the last commits
    /// before a power loss or kernel crash may be lost (the file stays consistent).
    /// </summary>
    public SqliteDurability Durability { get; set; } = SqliteDurability.Full;
}
