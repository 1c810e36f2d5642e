using System.Collections.Concurrent;
using System.Diagnostics;
using Drover.Bench.Harness.Profiling;
using Drover.FakeModel;

namespace Drover.Bench.Harness;

/// <summary>
/// Issue-4 harness overhead: from the API accepting a <c>user.message</c> to the model request arriving at the fake
/// model. Each of <c>sessions</c> sessions runs <c>turns</c> turns back to back (a turn ends at its
/// <c>session.status_idle</c>); the fake answers each request after a time drawn uniformly from half to one and a half
/// <c>modelTime</c>, as a model would (with one fixed time the sessions stay in lockstep and arrive as one burst). The start is
/// a Stopwatch timestamp the client takes just before it sends <c>POST /v1/sessions/{id}/events</c>; the end is the
/// fake's arrival timestamp (same process, same clock). It includes the HTTP request into the API, so it is an upper
/// bound on the harness's own part. Requests are matched to turns by a token in the message text, which the fake sees
/// as the last user text.
/// </summary>
internal sealed class HarnessOverheadBenchmark(HarnessBenchHost host, int sessions, int turns, int warmupTurns, TimeSpan modelTime, CallTimes? profile = null)
{
    public async Task<List<double>> RunAsync()
    {
        Console.WriteLine($"== Harness overhead: {sessions} sessions, {turns} turns each back to back ({warmupTurns} warm-up turns not counted), model answers after {modelTime.TotalMilliseconds / 2:F0} to {modelTime.TotalMilliseconds * 1.5:F0} ms, {BenchLoad.Now()} ==");
        var sent = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<double>();
        var windows = new ConcurrentBag<(int Session, long Start, long Arrived)>();
        host.Model.Responder = request =>
        {
            if (request.LastUserText is { } token && sent.TryRemove(token, out var start))
            {
                latencies.Add(Stopwatch.GetElapsedTime(start, request.ReceivedTimestamp).TotalMilliseconds);
                windows.Add((int.Parse(token.AsSpan(1, token.IndexOf('t', StringComparison.Ordinal) - 1), System.Globalization.CultureInfo.InvariantCulture), start, request.ReceivedTimestamp));
            }

            return FakeReply.Text("ok").WithDelay(modelTime * (0.5 + Random.Shared.NextDouble()));
        };

        var ids = await Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => host.CreateSessionAsync()));
        var cpuBefore = ProcessMemory.CpuTime(Environment.ProcessId);
        var gc = GcActivity.Now();
        var watch = Stopwatch.StartNew();
        var errors = await Task.WhenAll(ids.Select((id, i) => Task.Run(() => SessionAsync(id, i, sent))));
        watch.Stop();
        var cpu = ProcessMemory.CpuTime(Environment.ProcessId) - cpuBefore;
        host.Model.Responder = null;

        var samples = latencies.ToList();
        var all = sessions * (turns + warmupTurns);
        Console.WriteLine($"turns: {all} in {watch.Elapsed.TotalSeconds:F1} s ({all / watch.Elapsed.TotalSeconds:F0} turns/s, CPU {cpu.TotalMilliseconds / all:F2} ms per turn for server, fake model and clients together), session.error events: {errors.Sum()}");
        Console.WriteLine($"accepted-to-model-request (from just before the POST): {Percentiles.Summary(samples, withP95: true)}");
        Console.WriteLine($"garbage collections meanwhile: {GcActivity.Now() - gc}");
        if (profile is not null)
        {
            Console.WriteLine("  all turns:");
            PrintTimeline(profile, ids, windows);
            var slow = Percentiles.At([.. samples.Order()], 0.9);
            Console.WriteLine($"  the slowest tenth (over {slow:F1} ms):");
            PrintTimeline(profile, ids, windows.Where(w => Stopwatch.GetElapsedTime(w.Start, w.Arrived).TotalMilliseconds > slow));
        }

        return samples;
    }

    /// <summary>The server's store calls between each POST and its model request: when each starts (from the POST) and how long it takes, medians.</summary>
    private static void PrintTimeline(CallTimes profile, string[] ids, IEnumerable<(int Session, long Start, long Arrived)> windows)
    {
        var offsets = new Dictionary<string, (List<double> Start, List<double> Duration)>(StringComparer.Ordinal);
        var inCalls = new List<double>();
        foreach (var (session, start, arrived) in windows)
        {
            var calls = profile.Between(ids[session], start, arrived);
            inCalls.Add(calls.Sum(c => Stopwatch.GetElapsedTime(c.Start, c.End).TotalMilliseconds));
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var call in calls)
            {
                var name = seen.TryGetValue(call.Name, out var n) ? $"{call.Name} #{n + 1}" : call.Name;
                seen[call.Name] = n + 1;
                if (!offsets.TryGetValue(name, out var lists))
                {
                    offsets[name] = lists = ([], []);
                }

                lists.Start.Add(Stopwatch.GetElapsedTime(start, call.Start).TotalMilliseconds);
                lists.Duration.Add(Stopwatch.GetElapsedTime(call.Start, call.End).TotalMilliseconds);
            }
        }

        Console.WriteLine($"  store calls between the POST and the model request (median start from the POST, median and p95 duration); in store calls: {Percentiles.Summary(inCalls, withP95: true)}");
        foreach (var (name, (starts, durations)) in offsets.OrderBy(o => Median(o.Value.Start)))
        {
            durations.Sort();
            Console.WriteLine($"    {name,-30} n={starts.Count,5}  at {Median(starts),8:F3} ms  takes {Percentiles.At(durations, 0.5),7:F3} / {Percentiles.At(durations, 0.95),7:F3} ms");
        }
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        return Percentiles.At(values, 0.5);
    }

    private async Task<int> SessionAsync(string sessionId, int index, ConcurrentDictionary<string, long> sent)
    {
        await using var stream = await host.WatchAsync(sessionId);
        for (var turn = -warmupTurns; turn < turns; turn++)
        {
            var token = $"s{index}t{turn}";
            if (turn >= 0)
            {
                sent[token] = Stopwatch.GetTimestamp();
            }

            await host.SendMessageAsync(sessionId, token);
            await stream.WaitForIdleAsync(TimeSpan.FromSeconds(60));
        }

        return stream.Errors;
    }
}
