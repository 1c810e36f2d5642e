using Drover.Bench.Harness.Profiling;

namespace Drover.Bench.Harness;

/// <summary>
/// The <c>harness</c> modes. The process first runs echo turns on a throwaway server until the JIT has settled
/// (tiered compilation kept the JIT busy for the first 30 to 60 s, a fifth of the CPU), then runs each part on a fresh
/// server and fake model, so one part's sessions do not weigh on the next.
/// </summary>
internal static class HarnessBenchmarks
{
    /// <param name="which"><c>harness</c> for all parts, or <c>harness-overhead</c>, <c>harness-throughput</c>, <c>harness-memory</c>.</param>
    /// <param name="window">How long the throughput part is measured.</param>
    /// <param name="profile">Times the server's store calls and prints them after each part.</param>
    public static async Task RunAsync(string which, TimeSpan window, bool profile)
    {
        Console.WriteLine($"Drover harness benchmark: {Environment.ProcessorCount} cores, SQLite, server, fake model and clients in this process");
        var times = profile ? new CallTimes() : null;
        await using (var warm = await HarnessBenchHost.StartAsync())
        {
            Console.WriteLine($"JIT warm-up: 100 sessions doing echo turns for 30 s, {BenchLoad.Now()}");
            await new HarnessThroughputBenchmark(warm, sessions: 100, warmup: TimeSpan.Zero, window: TimeSpan.FromSeconds(30), quiet: true).RunAsync();
        }

        if (which is "harness" or "harness-overhead")
        {
            // A model that answers at once makes 50 back-to-back sessions a saturated closed loop, where every figure is
            // queueing (Little's law: turn time = sessions / throughput); model times of real requests show the overhead.
            foreach (var modelTime in new[] { 1000, 250, 0 })
            {
                await using var host = await HarnessBenchHost.StartAsync(times);
                await new HarnessOverheadBenchmark(host, sessions: 50, turns: modelTime >= 250 ? 20 : 40, warmupTurns: 2, TimeSpan.FromMilliseconds(modelTime)).RunAsync();
                Print(times);
            }
        }

        if (which is "harness" or "harness-throughput")
        {
            await using var host = await HarnessBenchHost.StartAsync(times);
            await new HarnessThroughputBenchmark(host, sessions: 200, warmup: TimeSpan.FromSeconds(5), window: window).RunAsync();
            Print(times);
        }

        if (which is "harness" or "harness-memory")
        {
            await using var host = await HarnessBenchHost.StartAsync(times);
            await new HarnessMemoryBenchmark(host, counts: [1000, 5000]).RunAsync();
            Print(times);
        }
    }

    private static void Print(CallTimes? times)
    {
        times?.Print();
        times?.Clear();
    }
}
