using Drover.Bench;
using Drover.Sessions;
using Drover.Storage.Sqlite;

// Usage: dotnet run -c Release --project bench/Drover.Bench -- [sqlite|postgres|all] [seconds-per-phase]
// PostgreSQL is reached through $DROVER_TEST_POSTGRES (eng/postgres-test-cluster.sh start prints it).
var which = args.Length > 0 ? args[0] : "all";
var phase = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
Console.WriteLine($"Drover session log benchmark: {Environment.ProcessorCount} cores, {phase.TotalSeconds:F0} s per throughput phase, 256-byte events");

if (which is "sqlite" or "all")
{
    foreach (var durability in new[] { SqliteDurability.Full, SqliteDurability.Normal })
    {
        var folder = Directory.CreateTempSubdirectory("drover-bench-");
        var log = new SqliteSessionLog(new SqliteStoreOptions { Path = Path.Combine(folder.FullName, "bench.db"), Durability = durability }, new SessionLogOptions(), TimeProvider.System);
        await using (log)
        {
            await new SessionLogBenchmark($"SQLite, synchronous={durability.ToString().ToUpperInvariant()}", log, tailLog: null, phase).RunAsync();
        }

        folder.Delete(recursive: true);
    }
}
