using System.Collections.Concurrent;

namespace Drover.Storage.Sqlite;

/// <summary>
/// One lock per database file for every write transaction this process makes on it: the session log's writer thread,
/// its lease statements and the resource store all take it. SQLite allows one writer per file; without this gate the
/// others wait for its lock in SQLite's busy handler (sleeps of 1 to 100 ms) or in Microsoft.Data.Sqlite's retry loop
/// (150 ms per try), which made a harness turn's nine small writes cost hundreds of milliseconds under load
/// (docs/benchmarks.md). Waiting here wakes the next writer the moment the lock is free.
/// </summary>
/// <remarks>
/// Only one process may use a file (the stores say so), so an in-process lock covers every writer. Writers take it
/// synchronously (<see cref="SemaphoreSlim.Wait(CancellationToken)"/>): their writes are synchronous anyway
/// (Microsoft.Data.Sqlite's async methods run synchronously, the log's writer has a thread of its own), and an
/// asynchronous wait handed the gate to a continuation queued behind all the thread pool's work, while the file's one
/// write lock sat idle; 200 sessions made 129 turns/s that way and 334 with synchronous waits (docs/benchmarks.md).
/// Nothing awaits real asynchronous work while holding it.
/// </remarks>
internal static class SqliteWriteGate
{
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> s_gates = new(StringComparer.Ordinal);

    /// <summary>The gate of the file at <paramref name="fullPath"/> (a full path, so every store of a file finds the same one).</summary>
    public static SemaphoreSlim For(string fullPath) => s_gates.GetOrAdd(fullPath, static _ => new SemaphoreSlim(1, 1));
}
