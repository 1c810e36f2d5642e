using System.Net.Http.Json;
using System.Text.Json;
using Drover.Server.Tests;

namespace Drover.Cli.Tests.Sessions;

/// <summary><c>drover sessions tail</c> across dropped connections (no gap, no repeat) and <c>drover sessions export</c> across pages.</summary>
public sealed class TailAndExportTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly HttpClient _http = server.CreateHttpClient();

    [Fact]
    public async Task Tail_resumes_after_the_connection_is_cut_with_no_gap_and_no_repeat()
    {
        var sessionId = await CreateSessionAsync();
        var sent = new List<string>(await SendAsync(sessionId, "before-1", "before-2"));
        await using var proxy = new CuttingProxy(server.BaseAddress);
        using var cli = new DroverCli(proxy.BaseAddress, DroverServerFixture.AdminApiKey);
        await using var tail = new RunningCli(cli.StartInfo(["sessions", "tail", sessionId, "--json"]));

        // The log so far, then what arrives live.
        await tail.WaitForLinesAsync(2);
        sent.AddRange(await SendAsync(sessionId, "live-1"));
        await tail.WaitForLinesAsync(3);

        for (var cut = 1; cut <= 2; cut++)
        {
            proxy.CutAll();

            // Sent while the client is disconnected (it waits before reconnecting): the resumed stream must bring them.
            sent.AddRange(await SendAsync(sessionId, $"during-cut-{cut}-a", $"during-cut-{cut}-b"));
            var accepted = proxy.Accepted;
            await WaitUntilAsync(() => proxy.Accepted > accepted || tail.Stdout.Count >= sent.Count, tail);
            sent.AddRange(await SendAsync(sessionId, $"after-cut-{cut}"));
            await tail.WaitForLinesAsync(sent.Count);
        }

        // Wait a moment for anything extra (a repeat) to show up.
        await Task.Delay(500, Ct);
        var seen = tail.Stdout.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToList();
        Assert.Equal(sent, seen);
        Assert.True(proxy.Accepted >= 3, $"the tail connected {proxy.Accepted} times");
        Assert.Contains("reconnecting", tail.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_from_now_prints_one_line_per_new_event_for_people()
    {
        var sessionId = await CreateSessionAsync();
        await SendAsync(sessionId, "old news");
        using var cli = new DroverCli(server.BaseAddress, DroverServerFixture.AdminApiKey);
        await using var tail = new RunningCli(cli.StartInfo(["sessions", "tail", sessionId, "--from-now"]));

        // The stream opens at some moment the test cannot see: send until a line arrives.
        for (var i = 0; tail.Stdout.Count == 0; i++)
        {
            Assert.True(i < 200, $"tail printed nothing; stderr:{Environment.NewLine}{tail.Stderr}");
            await SendAsync(sessionId, $"fresh {i}");
            await Task.Delay(100, Ct);
        }

        var line = tail.Stdout[0];
        Assert.Matches(@"user\.message\s+fresh \d+$", line);
        Assert.DoesNotContain(tail.Stdout, l => l.Contains("old news", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_writes_the_whole_log_oldest_first_as_json_lines_across_pages()
    {
        var sessionId = await CreateSessionAsync();
        var sent = new List<string>();
        for (var batch = 0; batch < 5; batch++)
        {
            sent.AddRange(await SendAsync(sessionId, [.. Enumerable.Range(0, 5).Select(i => $"m{batch}-{i}")]));
        }

        using var cli = new DroverCli(server.BaseAddress, DroverServerFixture.AdminApiKey);
        var result = await cli.RunAsync("sessions", "export", sessionId, "--page-size", "7");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(sent, lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()));
        Assert.Equal("m4-4", JsonDocument.Parse(lines[^1]).RootElement.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Contains("25 events", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<string> CreateSessionAsync()
    {
        var agent = await PostAsync("/v1/agents", new { name = "tail-" + Guid.NewGuid().ToString("N")[..8], model = "claude-sonnet-4-5" });
        var environment = await PostAsync("/v1/environments", new { name = "tail-" + Guid.NewGuid().ToString("N")[..8], config = new { type = "cloud" } });
        var session = await PostAsync("/v1/sessions", new { agent = agent.GetProperty("id").GetString(), environment_id = environment.GetProperty("id").GetString() });
        return session.GetProperty("id").GetString()!;
    }

    private async Task<IEnumerable<string>> SendAsync(string sessionId, params string[] texts)
    {
        var echoed = await PostAsync($"/v1/sessions/{sessionId}/events", new { events = texts.Select(t => new { type = "user.message", content = new[] { new { type = "text", text = t } } }) });
        return [.. echoed.GetProperty("data").EnumerateArray().Select(e => e.GetProperty("id").GetString()!)];
    }

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await _http.PostAsJsonAsync(path, body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, RunningCli tail)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"the tail did not reconnect; stderr:{Environment.NewLine}{tail.Stderr}");
            await Task.Delay(25, Ct);
        }
    }
}
