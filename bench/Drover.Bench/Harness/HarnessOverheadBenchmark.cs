using System.Collections.Concurrent;
using System.Diagnostics;
using Drover.FakeModel;

namespace Drover.Bench.Harness;

/// <summary>
/// Issue-4 harness overhead: from the API accepting a <c>user.message</c> to the model request arriving at the fake
/// model. Each of <c>sessions</c> sessions runs <c>turns</c> turns back to back (a turn ends at its
/// <c>session.status_idle</c>); the fake answers each request after <c>modelTime</c>, as a model would. The start is
/// a Stopwatch timestamp the client takes just before it sends <c>POST /v1/sessions/{id}/events</c>; the end is the
/// fake's arrival timestamp (same process, same clock). It includes the HTTP request into the API, so it is an upper
/// bound on the harness's own part. Requests are matched to turns by a token in the message text, which the fake sees
/// as the last user text.
/// </summary>
internal sealed class HarnessOverheadBenchmark(HarnessBenchHost host, int sessions, int turns, int warmupTurns, TimeSpan modelTime)
{
    public async Task<List<double>> RunAsync()
    {
        Console.WriteLine($"== Harness overhead: {sessions} sessions, {turns} turns each back to back ({warmupTurns} warm-up turns not counted), model answers after {modelTime.TotalMilliseconds:F0} ms, {BenchLoad.Now()} ==");
        var reply = FakeReply.Text("ok").WithDelay(modelTime);
        var sent = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<double>();
        host.Model.Responder = request =>
        {
            if (request.LastUserText is { } token && sent.TryRemove(token, out var start))
            {
                latencies.Add(Stopwatch.GetElapsedTime(start, request.ReceivedTimestamp).TotalMilliseconds);
            }

            return reply;
        };

        var ids = await Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => host.CreateSessionAsync()));
        var cpuBefore = ProcessMemory.CpuTime(Environment.ProcessId);
        var watch = Stopwatch.StartNew();
        var errors = await Task.WhenAll(ids.Select((id, i) => Task.Run(() => SessionAsync(id, i, sent))));
        watch.Stop();
        var cpu = ProcessMemory.CpuTime(Environment.ProcessId) - cpuBefore;
        host.Model.Responder = null;

        var samples = latencies.ToList();
        var all = sessions * (turns + warmupTurns);
        Console.WriteLine($"turns: {all} in {watch.Elapsed.TotalSeconds:F1} s ({all / watch.Elapsed.TotalSeconds:F0} turns/s, CPU {cpu.TotalMilliseconds / all:F2} ms per turn for server, fake model and clients together), session.error events: {errors.Sum()}");
        Console.WriteLine($"accepted-to-model-request (from just before the POST): {Percentiles.Summary(samples, withP95: true)}");
        return samples;
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
