namespace Drover.Storage.Sqlite;

/// <summary>Where the embedded store keeps its file and how hard it syncs.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>The database file's path; created with its folder when missing.</summary>
    public required string Path { get; set; }

    /// <summary>
    /// <see cref="SqliteDurability.Normal"/> (default): a commit survives a process crash; the last commits
    /// before a power loss or kernel crash may be lost, and the file stays consistent.
    /// <see cref="SqliteDurability.Full"/>: a commit also survives power loss, at about a quarter less throughput
    /// under many concurrent sessions (docs/benchmarks.md).
    /// </summary>
    public SqliteDurability Durability { get; set; } = SqliteDurability.Normal;
}
