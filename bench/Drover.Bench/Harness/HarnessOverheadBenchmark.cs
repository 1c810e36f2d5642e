using System.Collections.Concurrent;
using System.Diagnostics;
using Drover.FakeModel;

namespace Drover.Bench.Harness;

/// <summary>
/// Issue-4 harness overhead: from the API accepting a <c>user.message</c> to the model request arriving at the fake
/// model. Each of <c>sessions</c> sessions runs <c>turns</c> echo turns back to back (a turn ends at its
/// <c>session.status_idle</c>). The start is a Stopwatch timestamp the client takes just before it sends
/// <c>POST /v1/sessions/{id}/events</c>; the end is the fake's arrival timestamp (same process, same clock). It
/// includes the HTTP request into the API, so it is an upper bound on the harness's own part. Requests are matched to
/// turns by a token in the message text, which the fake sees as the last user text.
/// </summary>
internal sealed class HarnessOverheadBenchmark(HarnessBenchHost host, int sessions, int turns, int warmupTurns)
{
    private static readonly FakeReply s_echo = FakeReply.Text("ok");

    public async Task<List<double>> RunAsync()
    {
        Console.WriteLine($"== Harness overhead: {sessions} sessions, {turns} turns each back to back ({warmupTurns} warm-up turns not counted), {BenchLoad.Now()} ==");
        var sent = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var latencies = new ConcurrentBag<double>();
        host.Model.Responder = request =>
        {
            if (request.LastUserText is { } token && sent.TryRemove(token, out var start))
            {
                latencies.Add(Stopwatch.GetElapsedTime(start, request.ReceivedTimestamp).TotalMilliseconds);
            }

            return s_echo;
        };

        var ids = await Task.WhenAll(Enumerable.Range(0, sessions).Select(_ => host.CreateSessionAsync()));
        var watch = Stopwatch.StartNew();
        var errors = await Task.WhenAll(ids.Select((id, i) => Task.Run(() => SessionAsync(id, i, sent))));
        watch.Stop();
        host.Model.Responder = null;

        var samples = latencies.ToList();
        Console.WriteLine($"turns: {sessions * (turns + warmupTurns)} in {watch.Elapsed.TotalSeconds:F1} s ({sessions * (turns + warmupTurns) / watch.Elapsed.TotalSeconds:F0} turns/s), session.error events: {errors.Sum()}");
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
