using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Drover.Bench.Harness;
using Drover.FakeModel;
using Drover.Worker;
using Microsoft.Extensions.Logging;

namespace Drover.Bench.SelfHosted;

/// <summary>
/// Issue-6 figures, all in this process with real bubblewrap: the server with its harness and the fake model, and a
/// <see cref="DroverWorker"/> polling it over loopback HTTP. (1) A trivial <c>bash</c> call (<c>true</c>) from
/// <c>agent.tool_use</c> appended to its result appended (<c>processed_at</c> of each), in-server sandbox vs self-hosted
/// worker, one session each, turn after turn. (2) Fresh self-hosted sessions, one at a time: from the first
/// <c>agent.tool_use</c> (and from sending the <c>user.message</c>) to the worker's ack (<c>acknowledged_at</c>).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class SelfHostedBenchmark
{
    private const string Toolset = """{"type":"agent_toolset_20260401"}""";

    public static async Task RunAsync(int turns, int claims)
    {
        Console.WriteLine($"Self-hosted worker benchmark: {Environment.ProcessorCount} cores, {BenchLoad.Now()}");
        await using var host = await HarnessBenchHost.StartAsync();
        await host.UseAgentAsync($$"""{"name":"bench-tools","model":"claude-sonnet-4-5","tools":[{{Toolset}}]}""");
        host.Model.Responder = r => r.Messages[^1]!.ToJsonString().Contains("tool_result", StringComparison.Ordinal)
            ? FakeReply.Text("ok")
            : FakeReply.ToolUse("bash", """{"command":"true"}""");

        var cloud = await host.PostAsync("/v1/environments", """{"name":"bench-cloud","config":{"type":"cloud"}}""");
        var inServer = await CallLatenciesAsync(host, cloud.GetProperty("id").GetString()!, "agent.tool_result", turns);
        Console.WriteLine($"bash `true`, tool_use -> agent.tool_result, in-server sandbox: {Percentiles.Summary(inServer, withP95: true)}");

        var selfHosted = (await host.PostAsync("/v1/environments", """{"name":"bench-self-hosted","config":{"type":"self_hosted"}}""")).GetProperty("id").GetString()!;
        var key = (await host.PostAsync($"/v1/drover/environments/{selfHosted}/keys", """{"name":"bench"}""")).GetProperty("key").GetString()!;
        List<double> worker;
        await using (var running = StartWorker(host, selfHosted, key, TimeSpan.FromSeconds(60)))
        {
            worker = await CallLatenciesAsync(host, selfHosted, "user.tool_result", turns);
        }

        Console.WriteLine($"bash `true`, tool_use -> user.tool_result, self-hosted worker: {Percentiles.Summary(worker, withP95: true)}");
        Console.WriteLine($"  added by the worker: p50 {Percentiles.At(worker, 0.5) - Percentiles.At(inServer, 0.5):F1} ms, p95 {Percentiles.At(worker, 0.95) - Percentiles.At(inServer, 0.95):F1} ms");

        var fromToolUse = new List<double>();
        var fromMessage = new List<double>();
        await using (var running = StartWorker(host, selfHosted, key, TimeSpan.FromMilliseconds(200)))
        {
            for (var i = 0; i < claims; i++)
            {
                var sessionId = await host.CreateSessionAsync(selfHosted);
                await using var idle = await host.WatchAsync(sessionId);
                var sent = DateTimeOffset.UtcNow;
                await host.SendMessageAsync(sessionId, "go");
                var events = await WaitForEndTurnsAsync(host, idle, sessionId, 1);
                var toolUse = At(events.First(e => Type(e) == "agent.tool_use"));
                var acked = await AcknowledgedAtAsync(host, selfHosted, sessionId);
                fromToolUse.Add((acked - toolUse).TotalMilliseconds);
                fromMessage.Add((acked - sent).TotalMilliseconds);
                await WaitForStoppedAsync(host, selfHosted);
            }
        }

        Console.WriteLine($"first tool_use -> worker ack, a fresh session: {Percentiles.Summary(fromToolUse, withP95: true)}");
        Console.WriteLine($"user.message sent -> worker ack, a fresh session: {Percentiles.Summary(fromMessage, withP95: true)}");
        Console.WriteLine($"({BenchLoad.Now()})");
    }

    private static RunningWorker StartWorker(HarnessBenchHost host, string environmentId, string key, TimeSpan maxIdle)
    {
        var workdir = Directory.CreateTempSubdirectory("drover-bench-worker-");
        File.SetUnixFileMode(workdir.FullName, (UnixFileMode)Convert.ToInt32("755", 8));
        var loggers = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Warning).AddConsole());
        var worker = DroverWorker.Create(new WorkerOptions
        {
            BaseUrl = host.BaseAddress,
            EnvironmentId = environmentId,
            EnvironmentKey = key,
            Workdir = workdir.FullName,
            MaxIdle = maxIdle,
        }, loggers);
        var stop = new CancellationTokenSource();
        return new RunningWorker(worker, worker.RunAsync(stop.Token), stop, loggers, workdir);
    }

    /// <summary>Runs <paramref name="turns"/> turns of one session (after 3 warm-up turns) and returns each call's tool_use → result time.</summary>
    private static async Task<List<double>> CallLatenciesAsync(HarnessBenchHost host, string environmentId, string resultType, int turns)
    {
        var sessionId = await host.CreateSessionAsync(environmentId);
        await using var idle = await host.WatchAsync(sessionId);
        const int warmUp = 3;
        for (var i = 1; i <= warmUp + turns; i++)
        {
            await host.SendMessageAsync(sessionId, "go");
            await WaitForEndTurnsAsync(host, idle, sessionId, i);
        }

        var events = await EventsAsync(host, sessionId);
        var uses = events.Where(e => Type(e) == "agent.tool_use").ToDictionary(e => e.GetProperty("id").GetString()!, At);
        return [.. events.Where(e => Type(e) == resultType).Skip(warmUp).Select(r => (At(r) - uses[r.GetProperty("tool_use_id").GetString()!]).TotalMilliseconds)];
    }

    private static async Task<List<JsonElement>> WaitForEndTurnsAsync(HarnessBenchHost host, IdleStream idle, string sessionId, int count)
    {
        while (true)
        {
            await idle.WaitForIdleAsync(TimeSpan.FromSeconds(60));
            var events = await EventsAsync(host, sessionId);
            if (events.Count(e => Type(e) == "session.status_idle" && e.GetProperty("stop_reason").GetProperty("type").GetString() == "end_turn") >= count)
            {
                return events;
            }
        }
    }

    private static async Task<DateTimeOffset> AcknowledgedAtAsync(HarnessBenchHost host, string environmentId, string sessionId)
    {
        var list = await host.Http.GetFromJsonAsync<JsonElement>($"/v1/environments/{environmentId}/work?limit=100");
        var work = list.GetProperty("data").EnumerateArray().First(w => w.GetProperty("data").GetProperty("id").GetString() == sessionId);
        return DateTimeOffset.Parse(work.GetProperty("acknowledged_at").GetString()!, CultureInfo.InvariantCulture);
    }

    private static async Task WaitForStoppedAsync(HarnessBenchHost host, string environmentId)
    {
        while (true)
        {
            var list = await host.Http.GetFromJsonAsync<JsonElement>($"/v1/environments/{environmentId}/work?limit=100");
            if (list.GetProperty("data").EnumerateArray().All(w => w.GetProperty("state").GetString() == "stopped"))
            {
                return;
            }

            await Task.Delay(20);
        }
    }

    private static async Task<List<JsonElement>> EventsAsync(HarnessBenchHost host, string sessionId)
    {
        var page = await host.Http.GetFromJsonAsync<JsonElement>($"/v1/sessions/{sessionId}/events?limit=1000");
        return [.. page.GetProperty("data").EnumerateArray().Select(e => e.Clone())];
    }

    private static string Type(JsonElement e) => e.GetProperty("type").GetString()!;

    private static DateTimeOffset At(JsonElement e) => DateTimeOffset.Parse(e.GetProperty("processed_at").GetString()!, CultureInfo.InvariantCulture);

    private sealed record RunningWorker(DroverWorker Worker, Task Run, CancellationTokenSource Stop, ILoggerFactory Loggers, DirectoryInfo Workdir) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Stop.CancelAsync();
            await Run;
            await Worker.DisposeAsync();
            Stop.Dispose();
            Loggers.Dispose();
            Workdir.Delete(recursive: true);
        }
    }
}
