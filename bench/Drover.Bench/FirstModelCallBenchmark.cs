using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Drover.FakeModel;
using Drover.GitServer;
using Drover.Server;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Bench;

/// <summary>
/// Issue-5 figures, lazy vs eager provisioning: time from sending a session's first <c>user.message</c> to the model
/// (the fake, over loopback) receiving the first request, for sessions without a resource and sessions with a
/// <c>github_repository</c> whose clone takes at least <see cref="CloneDelay"/> (a loopback git server that holds its
/// ref advertisement). Each mode runs its own in-process server, sessions one after another.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class FirstModelCallBenchmark
{
    private const string ApiKey = "sk-drover-bench-admin-key-000000000000";
    private static readonly TimeSpan CloneDelay = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(int sessionsPerKind)
    {
        await using var git = await GitHttpServer.StartAsync();
        git.RequiredToken = "ghp_bench";
        git.Delay = CloneDelay;
        var repository = await git.CreateRepositoryAsync("drover-bench", "slow");
        await using var model = await FakeAnthropicServer.StartAsync(new FakeAnthropicServerOptions { RecordRequests = true });
        model.Responder = _ => FakeReply.Text("done");

        var results = new Dictionary<(string Mode, bool Slow), List<double>>();
        foreach (var mode in new[] { "lazy", "eager-blocking" })
        {
            var clonesBefore = git.Advertisements;
            var data = Directory.CreateTempSubdirectory("drover-bench-ttfmc-");
            File.SetUnixFileMode(data.FullName, (UnixFileMode)Convert.ToInt32("755", 8));
            try
            {
                await using var app = DroverServer.Build(
                [
                    "--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={data.FullName}", $"--DROVER_ADMIN_API_KEY={ApiKey}",
                    "--Logging:LogLevel:Default=Warning", "--Harness:Enabled=true", $"--ANTHROPIC_BASE_URL={model.BaseUrl}",
                    "--ANTHROPIC_API_KEY=sk-ant-fake", $"--Sandbox:Git:GitHubBaseUrl={git.BaseUrl}", $"--Sandbox:Provisioning={mode}",
                ]);
                await app.StartAsync();
                var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
                http.DefaultRequestHeaders.Add("x-api-key", ApiKey);
                var agent = await PostAsync(http, "/v1/agents", new { name = "bench", model = "claude-sonnet-4-5", tools = new[] { new { type = "agent_toolset_20260401" } } });
                var environment = await PostAsync(http, "/v1/environments", new { name = "bench-" + mode, config = new { type = "cloud" } });
                results[(mode, false)] = [];
                results[(mode, true)] = [];
                for (var i = -2; i < sessionsPerKind; i++)
                {
                    foreach (var slow in new[] { false, true })
                    {
                        var elapsed = await FirstModelCallAsync(http, model, agent, environment, slow ? repository : null);
                        if (i >= 0)
                        {
                            results[(mode, slow)].Add(elapsed);
                        }
                    }
                }

                await app.StopAsync();
            }
            finally
            {
                data.Delete(recursive: true);
            }

            Console.WriteLine($"{mode}: no resource {SandboxQuantiles.Summary(results[(mode, false)])}");
            Console.WriteLine($"{mode}: slow repository (clone >= {CloneDelay.TotalSeconds:0} s) {SandboxQuantiles.Summary(results[(mode, true)])}; clones made (warm-up included): {git.Advertisements - clonesBefore}");
        }

        foreach (var q in new[] { 0.50, 0.95 })
        {
            var lazy = SandboxQuantiles.At(results[("lazy", true)], q);
            var eager = SandboxQuantiles.At(results[("eager-blocking", true)], q);
            var lazyPlain = SandboxQuantiles.At(results[("lazy", false)], q);
            Console.WriteLine(
                $"p{q * 100:0} time to first model call with a slow repository: lazy / eager-blocking = {lazy:F1} / {eager:F1} ms = {lazy / eager:F3} ({(lazy / eager - 1) * 100:F1} %); "
                + $"lazy with / without the repository = {lazy / lazyPlain:F2}");
        }
    }

    /// <summary>Creates a session, sends its first message and returns the milliseconds until the model received a request; waits for the turn to end.</summary>
    private static async Task<double> FirstModelCallAsync(HttpClient http, FakeAnthropicServer model, string agent, string environment, TestRepository? repository)
    {
        object session = repository is null
            ? new { agent, environment_id = environment }
            : new { agent, environment_id = environment, resources = new[] { new { type = "github_repository", url = repository.GitHubUrl, authorization_token = "ghp_bench" } } };
        var sessionId = await PostAsync(http, "/v1/sessions", session);
        var next = model.WaitForRequestAsync(model.Requests.Count);
        var started = Stopwatch.GetTimestamp();
        await PostAsync(http, $"/v1/sessions/{sessionId}/events", new { events = new[] { new { type = "user.message", content = new[] { new { type = "text", text = "hi" } } } } });
        var request = await next.WaitAsync(TimeSpan.FromSeconds(60));
        var elapsed = Stopwatch.GetElapsedTime(started, request.ReceivedTimestamp).TotalMilliseconds;
        while ((await http.GetFromJsonAsync<JsonElement>($"/v1/sessions/{sessionId}")).GetProperty("status").GetString() != "idle")
        {
            await Task.Delay(10);
        }

        return elapsed;
    }

    private static async Task<string> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        }

        using var json = JsonDocument.Parse(text);
        return json.RootElement.TryGetProperty("id", out var id) ? id.GetString()! : "";
    }
}
