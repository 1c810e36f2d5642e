using Drover.Bench.Harness.Profiling;

namespace Drover.Bench.Harness;

/// <summary>
/// The <c>harness</c> modes. The process first runs echo turns on a throwaway server until the JIT has settled, then
/// runs each part on a fresh server and fake model, so one part's sessions do not weigh on the next.
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
        await WarmUpAsync();

        if (which is "harness" or "harness-overhead")
        {
            // A model that answers at once makes 50 back-to-back sessions a saturated closed loop, where every figure is
            // queueing (Little's law: turn time = sessions / throughput); model times of real requests show the overhead.
            foreach (var modelTime in new[] { 1000, 250, 0 })
            {
                await using var host = await HarnessBenchHost.StartAsync(times);
                await new HarnessOverheadBenchmark(host, sessions: 50, turns: modelTime >= 250 ? 20 : 40, warmupTurns: 2, TimeSpan.FromMilliseconds(modelTime), times).RunAsync();
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

    /// <summary>
    /// Runs echo turns in 5-second rounds until a round compiles fewer than 100 methods (at most two minutes): tiered
    /// compilation recompiles hot methods twice in the background, and on a busy machine that took a fifth of the CPU
    /// for the first 30 to 60 s, which a long-running server pays once.
    /// </summary>
    private static async Task WarmUpAsync()
    {
        await using var warm = await HarnessBenchHost.StartAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        long compiled;
        do
        {
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
            await new HarnessThroughputBenchmark(warm, sessions: 100, warmup: TimeSpan.Zero, window: TimeSpan.FromSeconds(5), quiet: true).RunAsync();
        }
        while (System.Runtime.JitInfo.GetCompiledMethodCount() - compiled >= 100 && started.Elapsed < TimeSpan.FromMinutes(2));

        Console.WriteLine($"JIT warm-up: {started.Elapsed.TotalSeconds:F0} s of echo turns, {System.Runtime.JitInfo.GetCompiledMethodCount()} methods compiled in {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:F1} s of JIT time, {BenchLoad.Now()}");
    }

    private static void Print(CallTimes? times)
    {
        times?.Print();
        times?.Clear();
    }
}
