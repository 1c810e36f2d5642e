using Drover.Bench;
using Drover.Bench.Harness;
using Drover.Sessions;
using Drover.Storage.Postgres;
using Drover.Storage.Sqlite;

// Usage: dotnet run -c Release --project bench/Drover.Bench -- [sqlite|postgres|log|stream|harness|sandbox|all] [seconds-per-phase]
//   log/sqlite/postgres: the session log (issue 2); stream: 1,000 SSE subscribers of one session (issue 3);
//   harness (or harness-overhead, harness-throughput, harness-memory): turns against the fake model (issue 4);
//   add --profile to time the server's store calls;
//   sandbox [sessions]: sandbox provisioning and lazy vs eager time to first model call (issue 5; not part of "all");
//   sandbox-provision [sessions]: its first part only;
//   selfhosted [turns]: a tool call through a self-hosted worker vs the in-server sandbox, and time to claim (issue 6; not part of "all");
//   credentials [requests]: the egress proxy's added latency, and an MCP call through the connector vs direct (issue 7).
// PostgreSQL is reached through $DROVER_TEST_POSTGRES (eng/postgres-test-cluster.sh start prints it).
var which = args.Length > 0 ? args[0] : "all";
if (which == "serve-for-bench")
{
    return await BenchServer.ServeAsync();
}

if (which == "sandbox-provision")
{
    // Only the first part of "sandbox": provisioning and warm calls through IHands, without the server.
    return OperatingSystem.IsLinux() ? await SandboxBenchmarks.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40, firstModelCall: false) : 1;
}

if (which == "sandbox")
{
    return OperatingSystem.IsLinux() ? await SandboxBenchmarks.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 40) : 1;
}

if (which == "selfhosted")
{
    if (!OperatingSystem.IsLinux())
    {
        return 1;
    }

    var turns = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 60;
    await Drover.Bench.SelfHosted.SelfHostedBenchmark.RunAsync(turns, claims: Math.Max(10, turns / 3));
    return 0;
}

if (which == "credentials")
{
    await CredentialsBenchmark.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1000);
    return 0;
}

if (which.StartsWith("harness", StringComparison.Ordinal))
{
    var window = args.Length > 1 && double.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromSeconds(20);
    await HarnessBenchmarks.RunAsync(which, window, profile: args.Contains("--profile"));
    return 0;
}

if (which is "stream" or "all")
{
    var (server, url, sessionId) = BenchServer.Start();
    try
    {
        // 10 events/s to 1,000 subscribers is 10,000 deliveries/s; the subscribers run in this process, on the same 2 cores.
        await new StreamBenchmark(url, BenchServer.ApiKey, sessionId, server.Id, subscribers: 1000, events: 100, TimeSpan.FromMilliseconds(100)).RunAsync();
    }
    finally
    {
        server.StandardInput.Close();
        await server.WaitForExitAsync();
    }

    if (which == "stream")
    {
        return 0;
    }
}

if (which == "log")
{
    which = "all";
}

var phase = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
Console.WriteLine($"Drover session log benchmark: {Environment.ProcessorCount} cores, {phase.TotalSeconds:F0} s per throughput phase, 256-byte events");

if (which is "sqlite" or "all")
{
    foreach (var durability in new[] { SqliteDurability.Normal, SqliteDurability.Full })
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

if (which is "postgres" or "all")
{
    var connectionString = Environment.GetEnvironmentVariable("DROVER_TEST_POSTGRES");
    if (string.IsNullOrEmpty(connectionString))
    {
        Console.WriteLine("== PostgreSQL: skipped, DROVER_TEST_POSTGRES is not set (eng/postgres-test-cluster.sh start prints it) ==");
        return 0;
    }

    var schema = "bench_" + Guid.NewGuid().ToString("N")[..8];
    var options = new PostgresStoreOptions { ConnectionString = connectionString, Schema = schema };
    var log = await PostgresSessionLog.OpenAsync(options, new SessionLogOptions(), TimeProvider.System);
    var other = await PostgresSessionLog.OpenAsync(options, new SessionLogOptions(), TimeProvider.System);
    await using (log)
    await using (other)
    {
        await new SessionLogBenchmark("PostgreSQL 15, synchronous_commit=on, fsync=on", log, tailLog: other, phase).RunAsync();
    }

    await using var cleanup = new Npgsql.NpgsqlConnection(connectionString);
    await cleanup.OpenAsync();
    await using var drop = new Npgsql.NpgsqlCommand($"DROP SCHEMA {schema} CASCADE", cleanup);
    await drop.ExecuteNonQueryAsync();
}

return 0;
