using System.Collections.Concurrent;
using System.Diagnostics;
using Drover.FakeModel;

namespace Drover.Bench.Harness;

/// <summary>
/// Issue-4 throughput: <c>sessions</c> sessions each doing short echo turns back to back (the fake answers at once with
/// a short text) for <c>window</c> after a warm-up; a turn counts when its <c>session.status_idle</c> arrives on the
/// session's event stream. Also reports the accepted-to-model-request time and the whole turn time under that load.
/// </summary>
internal sealed class HarnessThroughputBenchmark(HarnessBenchHost host, int sessions, TimeSpan warmup, TimeSpan window, bool quiet = false)
{
    private static readonly FakeReply s_echo = FakeReply.Text("ok");

    private long _turns;
    private volatile bool _measuring;

    public async Task<double> RunAsync()
    {
        Print($"== Harness throughput: {sessions} sessions doing echo turns, {warmup.TotalSeconds:F0} s warm-up, {window.TotalSeconds:F0} s measured, {BenchLoad.Now()} ==");
        var sent = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var overhead = new ConcurrentBag<double>();
        var turnTimes = new ConcurrentBag<double>();
        host.Model.Responder = request =>
        {
            if (request.LastUserText is { } token && sent.TryRemove(token, out var start) && _measuring)
            {
                overhead.Add(Stopwatch.GetElapsedTime(start, request.ReceivedTimestamp).TotalMilliseconds);
            }

            return s_echo;
        };

        var ids = await Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => host.CreateSessionAsync()));
        using var stop = new CancellationTokenSource();
        var loops = ids.Select((id, i) => Task.Run(() => SessionAsync(id, i, sent, turnTimes, stop.Token))).ToList();
        await Task.Delay(warmup);

        var cpuBefore = ProcessMemory.CpuTime(Environment.ProcessId);
        var gc = GcActivity.Now();
        var before = Interlocked.Read(ref _turns);
        var watch = Stopwatch.StartNew();
        _measuring = true;
        await Task.Delay(window);
        _measuring = false;
        var turns = Interlocked.Read(ref _turns) - before;
        var elapsed = watch.Elapsed;
        var cpu = ProcessMemory.CpuTime(Environment.ProcessId) - cpuBefore;
        var collections = GcActivity.Now() - gc;

        await stop.CancelAsync();
        var errors = (await Task.WhenAll(loops)).Sum();
        host.Model.Responder = null;

        var rate = turns / elapsed.TotalSeconds;
        Print($"turns/s: {rate:F0} ({turns} turns in {elapsed.TotalSeconds:F1} s), CPU {cpu.TotalMilliseconds / elapsed.TotalMilliseconds * 100:F0}% of one core ({cpu.TotalMilliseconds / turns:F2} ms per turn, server, fake model and clients together), session.error events: {errors}");
        Print($"accepted-to-model-request under this load: {Percentiles.Summary([.. overhead], withP95: true)}");
        Print($"garbage collections meanwhile: {collections}");
        Print($"whole turn (POST to session.status_idle on the stream): {Percentiles.Summary([.. turnTimes], withP95: true)}");
        return rate;
    }

    private void Print(string line)
    {
        if (!quiet)
        {
            Console.WriteLine(line);
        }
    }

    private async Task<int> SessionAsync(string sessionId, int index, ConcurrentDictionary<string, long> sent, ConcurrentBag<double> turnTimes, CancellationToken stop)
    {
        await using var stream = await host.WatchAsync(sessionId);
        for (var turn = 0; !stop.IsCancellationRequested; turn++)
        {
            var token = $"s{index}t{turn}";
            var start = Stopwatch.GetTimestamp();
            sent[token] = start;
            await host.SendMessageAsync(sessionId, token);
            await stream.WaitForIdleAsync(TimeSpan.FromSeconds(60));
            if (_measuring)
            {
                Interlocked.Increment(ref _turns);
                turnTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        return stream.Errors;
    }
}
