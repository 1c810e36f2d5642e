using Drover.Bench.Harness.Profiling;

namespace Drover.Bench.Harness;

/// <summary>The <c>harness</c> modes: each part on a fresh server and fake model, so one part's sessions do not weigh on the next.</summary>
internal static class HarnessBenchmarks
{
    /// <param name="which"><c>harness</c> for all parts, or <c>harness-overhead</c>, <c>harness-throughput</c>, <c>harness-memory</c>.</param>
    /// <param name="profile">Times the server's store calls and prints them after each part.</param>
    public static async Task RunAsync(string which, bool profile)
    {
        var times = profile ? new CallTimes() : null;
        Console.WriteLine($"Drover harness benchmark: {Environment.ProcessorCount} cores, SQLite, server, fake model and clients in this process");
        if (which is "harness" or "harness-overhead")
        {
            await using var host = await HarnessBenchHost.StartAsync(times);
            await new HarnessOverheadBenchmark(host, sessions: 50, turns: 40, warmupTurns: 3).RunAsync();
            times?.Print();
            times?.Clear();
        }

        if (which is "harness" or "harness-throughput")
        {
            await using var host = await HarnessBenchHost.StartAsync(times);
            await new HarnessThroughputBenchmark(host, sessions: 200, warmup: TimeSpan.FromSeconds(5), window: TimeSpan.FromSeconds(20)).RunAsync();
            times?.Print();
            times?.Clear();
        }

        if (which is "harness" or "harness-memory")
        {
            await using var host = await HarnessBenchHost.StartAsync(times);
            await new HarnessMemoryBenchmark(host, counts: [1000, 5000]).RunAsync();
            times?.Print();
            times?.Clear();
        }
    }
}
