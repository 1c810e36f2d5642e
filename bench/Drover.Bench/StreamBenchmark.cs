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
internal sealed class StreamBenchmark(Uri baseAddress, string apiKey, string sessionId, int serverPid, int subscribers, int events, TimeSpan interval)
{
    public async Task RunAsync()
    {
        Console.WriteLine($"== SSE fan-out: {subscribers} subscribers on one session, {events} events, one every {interval.TotalMilliseconds:F0} ms ==");
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

        var serverCpu = ProcessMemory.CpuTime(serverPid);
        var clientCpu = ProcessMemory.CpuTime(Environment.ProcessId);
        for (var i = 0; i < events; i++)
        {
            var text = "e" + i.ToString(CultureInfo.InvariantCulture);
            sent[text] = Stopwatch.GetTimestamp();
            using var content = new StringContent($$"""{"events":[{"type":"user.message","content":[{"type":"text","text":"{{text}}"}]}]}""", Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri($"/v1/sessions/{sessionId}/events", UriKind.Relative), content);
            response.EnsureSuccessStatusCode();
            await Task.Delay(interval);
        }

        var deadline = Stopwatch.StartNew();
        while (latencies.Count < subscribers * events && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
        }

        var serverCpuPerEvent = (ProcessMemory.CpuTime(serverPid) - serverCpu).TotalMilliseconds / events;
        var clientCpuPerEvent = (ProcessMemory.CpuTime(Environment.ProcessId) - clientCpu).TotalMilliseconds / events;
        await stop.CancelAsync();
        await Task.WhenAll(readers);
        Console.WriteLine($"CPU per event fanned out to {subscribers} subscribers: server {serverCpuPerEvent:F1} ms, benchmark clients {clientCpuPerEvent:F1} ms");
        Console.WriteLine($"deliveries: {latencies.Count} of {subscribers * events}; events in the session log: {await CountEventsAsync(http)}");
        Console.WriteLine($"append-to-delivery latency at every subscriber (from POST start): {Percentiles.Summary([.. latencies])}");
    }

    private async Task<int> CountEventsAsync(HttpClient http)
    {
        using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri($"/v1/sessions/{sessionId}/events?limit=1000", UriKind.Relative)));
        return json.RootElement.GetProperty("data").GetArrayLength();
    }

    /// <summary>
    /// One subscriber as a bare socket: HttpClient's per-line parsing cost about as much CPU as the server's fan-out,
    /// on the same two cores, so the load generator reads raw bytes and only looks for the event markers.
    /// </summary>
    private async Task SubscribeAsync(HttpClient http, CountdownEvent opened, ConcurrentDictionary<string, long> sent, ConcurrentBag<double> latencies, CancellationToken cancellationToken)
    {
        _ = http;
        try
        {
            using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            await socket.ConnectAsync(baseAddress.Host, baseAddress.Port, cancellationToken);
            var request = $"GET /v1/sessions/{sessionId}/events/stream HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAuthorization: Bearer {apiKey}\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
            var buffer = new byte[64 * 1024];
            var kept = 0;
            var signalled = false;
            var marker = "\"text\":\"e"u8.ToArray();
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer.AsMemory(kept), cancellationToken);
                if (read == 0)
                {
                    return;
                }

                var now = Stopwatch.GetTimestamp();
                if (!signalled)
                {
                    signalled = true;
                    opened.Signal();
                }

                var data = buffer.AsSpan(0, kept + read);
                var consumed = 0;
                while (data[consumed..].IndexOf(marker) is var at and >= 0)
                {
                    var start = consumed + at + marker.Length - 1;
                    var end = data[start..].IndexOf((byte)'"');
                    if (end < 0)
                    {
                        break;
                    }

                    var text = Encoding.ASCII.GetString(data.Slice(start, end));
                    if (sent.TryGetValue(text, out var at2))
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(at2, now).TotalMilliseconds);
                    }

                    consumed = start + end;
                }

                // Keep the unread end, which may hold the start of a marker cut by the read.
                var tail = Math.Min(data.Length - consumed, 64);
                data[(data.Length - tail)..].CopyTo(buffer);
                kept = tail;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
