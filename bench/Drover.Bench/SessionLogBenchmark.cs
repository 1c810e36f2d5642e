using System.Diagnostics;
using Drover.Ids;
using Drover.Sessions;

namespace Drover.Bench;

/// <summary>The issue-2 figures for one store: append latency, throughput by concurrency, and append-to-tail latency.</summary>
internal sealed class SessionLogBenchmark(string name, ISessionLog log, ISessionLog? tailLog, TimeSpan phase)
{
    private const int PayloadBytes = 256;
    private static readonly string s_text = new('x', PayloadBytes);

    public async Task RunAsync()
    {
        Console.WriteLine($"== {name} ==");
        await AppendLatencyAsync(warmup: 200, count: 2000);
        foreach (var sessions in new[] { 1, 16, 128 })
        {
            await ThroughputAsync(sessions);
        }

        await TailLatencyAsync(log, "same instance", backgroundSessions: 16);
        if (tailLog is not null)
        {
            await TailLatencyAsync(tailLog, "other instance", backgroundSessions: 16);
        }
    }

    private async Task AppendLatencyAsync(int warmup, int count)
    {
        var session = await NewSessionAsync();
        var samples = new List<double>(count);
        for (var i = 0; i < warmup + count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await log.AppendAsync(session, [Event()], AppendCondition.None);
            if (i >= warmup)
            {
                samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }

        Console.WriteLine($"single-event append latency: {Percentiles.Summary(samples)}");
    }

    private async Task ThroughputAsync(int sessions)
    {
        var ids = new string[sessions];
        for (var i = 0; i < sessions; i++)
        {
            ids[i] = await NewSessionAsync();
        }

        long events = 0;
        using var stop = new CancellationTokenSource(phase);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await log.AppendAsync(id, [Event()], AppendCondition.None);
                Interlocked.Increment(ref events);
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        process.Refresh();
        var cpuPerEvent = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / events;
        Console.WriteLine($"throughput, {sessions,3} concurrent sessions appending one event at a time: {events / seconds,10:N0} events/s ({cpuPerEvent:F1} µs of CPU per event, this process)");
    }

    /// <summary>
    /// Appends to a probe session every 2 ms while <paramref name="backgroundSessions"/> other sessions each append
    /// every 2 ms too (a busy server, about 8,000 events/s, but not a saturated CPU, whose queueing would be measured
    /// instead), and measures from just before the append call to the tail's receipt. That span contains the commit
    /// itself, so it is an upper bound on commit-to-tail latency.
    /// </summary>
    private async Task TailLatencyAsync(ISessionLog tailSource, string label, int backgroundSessions)
    {
        var probe = await NewSessionAsync();
        const int Warmup = 100;
        const int Count = 1500;
        var sent = new long[Warmup + Count + 1];
        var samples = new List<double>(Count);
        using var stop = new CancellationTokenSource();

        var background = new List<Task>();
        for (var i = 0; i < backgroundSessions; i++)
        {
            var id = await NewSessionAsync();
            background.Add(Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await log.AppendAsync(id, [Event()], AppendCondition.None);
                    await Task.Delay(2);
                }
            }));
        }

        var received = Task.Run(async () =>
        {
            await foreach (var e in tailSource.TailAsync(probe, 0))
            {
                var now = Stopwatch.GetTimestamp();
                if (e.Sequence > Warmup)
                {
                    samples.Add(Stopwatch.GetElapsedTime(Volatile.Read(ref sent[e.Sequence]), now).TotalMilliseconds);
                }

                if (e.Sequence == Warmup + Count)
                {
                    return;
                }
            }
        });

        for (var i = 1; i <= Warmup + Count; i++)
        {
            Volatile.Write(ref sent[i], Stopwatch.GetTimestamp());
            await log.AppendAsync(probe, [Event()], AppendCondition.None);
            await Task.Delay(2);
        }

        await received.WaitAsync(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Task.WhenAll(background);
        Console.WriteLine($"append-to-tail latency ({label}, {backgroundSessions} other sessions appending every 2 ms): {Percentiles.Summary(samples)}");
    }

    private async Task<string> NewSessionAsync()
    {
        var id = DroverIds.New(DroverIds.Session);
        await log.CreateSessionAsync(new NewSession(id, "{}"));
        return id;
    }

    private static NewEvent Event()
    {
        var id = DroverIds.New(DroverIds.Event);
        return new NewEvent(id, "agent.message", $$"""{"type":"agent.message","id":"{{id}}","content":[{"type":"text","text":"{{s_text}}"}]}""");
    }
}
