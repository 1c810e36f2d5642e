using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace Drover.Bench;

/// <summary>
/// Issue-3 figures: one session streamed by many SSE subscribers of a real server in another process.
/// Measures append-to-delivery latency at every subscriber and the server's memory per open idle stream.
/// </summary>
internal sealed class StreamBenchmark(Uri baseAddress, string apiKey, string sessionId, int serverPid, int subscribers, int events)
{
    public async Task RunAsync()
    {
        Console.WriteLine($"== SSE fan-out: {subscribers} subscribers on one session, {events} events ==");
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = subscribers + 16, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);

        GC.Collect();
        var rssBefore = ProcessMemory.ResidentBytes(serverPid);
        using var stop = new CancellationTokenSource();
        var opened = new CountdownEvent(subscribers);
        var sent = new ConcurrentDictionary<string, long>();
        var latencies = new ConcurrentBag<double>();
        var readers = Enumerable.Range(0, subscribers).Select(_ => Task.Run(() => SubscribeAsync(http, opened, sent, latencies, stop.Token))).ToList();
        opened.Wait(TimeSpan.FromSeconds(120));
        await Task.Delay(TimeSpan.FromSeconds(2));
        var rssIdle = ProcessMemory.ResidentBytes(serverPid);
        Console.WriteLine($"server memory with {subscribers} open idle streams: {(rssIdle - rssBefore) / 1024.0 / subscribers:F1} KiB per stream (RSS {rssBefore / 1048576.0:F0} -> {rssIdle / 1048576.0:F0} MiB)");

        for (var i = 0; i < events; i++)
        {
            var text = "e" + i.ToString(CultureInfo.InvariantCulture);
            sent[text] = Stopwatch.GetTimestamp();
            using var content = new StringContent($$"""{"events":[{"type":"user.message","content":[{"type":"text","text":"{{text}}"}]}]}""", Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri($"/v1/sessions/{sessionId}/events", UriKind.Relative), content);
            response.EnsureSuccessStatusCode();
            await Task.Delay(20);
        }

        var deadline = Stopwatch.StartNew();
        while (latencies.Count < subscribers * events && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Console.WriteLine($"deliveries: {latencies.Count} of {subscribers * events}");
        Console.WriteLine($"append-to-delivery latency at every subscriber (from POST start): {Percentiles.Summary([.. latencies])}");
    }

    private async Task SubscribeAsync(HttpClient http, CountdownEvent opened, ConcurrentDictionary<string, long> sent, ConcurrentBag<double> latencies, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"/v1/sessions/{sessionId}/events/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            opened.Signal();
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                // The text marker "e123" identifies the event; the data line carries it.
                var marker = line.IndexOf("\"text\":\"e", StringComparison.Ordinal);
                if (!line.StartsWith("data:", StringComparison.Ordinal) || marker < 0)
                {
                    continue;
                }

                var now = Stopwatch.GetTimestamp();
                var start = marker + 8;
                var text = line[start..line.IndexOf('"', start)];
                if (sent.TryGetValue(text, out var at))
                {
                    latencies.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
