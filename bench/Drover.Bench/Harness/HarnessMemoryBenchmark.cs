using System.Diagnostics;
using System.Runtime;
using Drover.FakeModel;

namespace Drover.Bench.Harness;

/// <summary>
/// Issue-4 idle memory: "an idle session holds no memory beyond its stored rows". Creates sessions that each finish
/// one echo turn, lets them settle, forces a full compacting GC, and compares the managed heap and the process's
/// working set at each count with a baseline taken after a warm-up whose sessions were deleted. Server, fake model and
/// clients share this process; the clients keep nothing per session once its turn is done.
/// </summary>
internal sealed class HarnessMemoryBenchmark(HarnessBenchHost host, int[] counts)
{
    private const int Concurrency = 200;
    private static readonly FakeReply s_echo = FakeReply.Text("ok");

    public async Task<List<(int Sessions, double ManagedPerSession, double WorkingSetPerSession)>> RunAsync()
    {
        Console.WriteLine($"== Harness idle memory: sessions with one finished turn each, at {string.Join(", ", counts)} sessions, {BenchLoad.Now()} ==");
        host.Model.Responder = _ => s_echo;

        // Warm-up: JIT, pools and caches that any server has after its first turns, then the sessions go away.
        var warm = new List<string>();
        await RunTurnsAsync(Concurrency, async id => { lock (warm) { warm.Add(id); } await Task.CompletedTask; });
        await Parallel.ForEachAsync(warm, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) => await host.DeleteSessionAsync(id));
        var baseline = await MeasureAsync();
        Console.WriteLine($"baseline (0 sessions, after {warm.Count} warm-up sessions were deleted): managed heap {baseline.Managed / 1048576.0:F1} MiB, working set {baseline.WorkingSet / 1048576.0:F1} MiB");

        var results = new List<(int, double, double)>();
        var total = 0;
        foreach (var count in counts)
        {
            await RunTurnsAsync(count - total, _ => Task.CompletedTask);
            total = count;
            var now = await MeasureAsync();
            var managed = (now.Managed - baseline.Managed) / (double)count;
            var workingSet = (now.WorkingSet - baseline.WorkingSet) / (double)count;
            Console.WriteLine($"{count} idle sessions: managed heap {now.Managed / 1048576.0:F1} MiB ({managed:F0} B per session), working set {now.WorkingSet / 1048576.0:F1} MiB ({workingSet / 1024:F1} KiB per session), database {DatabaseBytes() / 1048576.0:F1} MiB");
            results.Add((count, managed, workingSet));
        }

        host.Model.Responder = null;
        return results;
    }

    /// <summary>Creates <paramref name="count"/> sessions and runs one turn in each, <see cref="Concurrency"/> at a time.</summary>
    private async Task RunTurnsAsync(int count, Func<string, Task> created)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, _) =>
        {
            var id = await host.CreateSessionAsync();
            await created(id);
            await using var stream = await host.WatchAsync(id);
            await host.SendMessageAsync(id, "hello");
            await stream.WaitForIdleAsync(TimeSpan.FromSeconds(60));
        });
    }

    /// <summary>After the runs have settled (their leases released, their tails closed), a full compacting GC.</summary>
    private static async Task<(long Managed, long WorkingSet)> MeasureAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        for (var i = 0; i < 3; i++)
        {
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }

    private long DatabaseBytes() =>
        Directory.EnumerateFiles(host.DataDirectory, "drover.db*").Sum(f => new FileInfo(f).Length);
}
