using System.Net.Http.Json;
using System.Text.Json;
using Drover.FakeModel;
using Drover.Server.Tests.Harness;

namespace Drover.Cli.Tests.Chat;

/// <summary>
/// <c>drover chat</c> on a pseudo-terminal against a server whose harness talks to the fake model: text appears, a tool call
/// shows folded on one line, an <c>always_ask</c> call is confirmed inline, and Ctrl-C interrupts (twice quits).
/// </summary>
public sealed class ChatCommandTests(HarnessServerFixture server) : IClassFixture<HarnessServerFixture>
{
    private const string AskForBash = """{"type":"agent_toolset_20260401","configs":[{"name":"bash","permission_policy":{"type":"always_ask"}}]}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_chat_shows_text_folds_tool_calls_confirms_inline_and_interrupts_on_ctrl_c()
    {
        var (agentId, environmentId) = await CreateAgentAndEnvironmentAsync();
        var slow = new FakeGate();
        server.Model.Responder = r =>
        {
            var last = r.Messages[^1]!.ToJsonString();
            return last switch
            {
                _ when last.Contains("say hello", StringComparison.Ordinal) => FakeReply.Message().WithThinking("The user greets me.", "sig").WithText("Hello from the fake model!"),
                _ when last.Contains("run the command", StringComparison.Ordinal) => FakeReply.ToolUse("bash", """{"command":"echo ran-in-the-sandbox && seq 1 200"}"""),
                _ when last.Contains("ran-in-the-sandbox", StringComparison.Ordinal) => FakeReply.Text("The command ran."),
                _ when last.Contains("take your time", StringComparison.Ordinal) => FakeReply.Message().Hold(slow).WithText("too late"), // held before the text streams
                _ => FakeReply.Text("unexpected request"),
            };
        };
        using var cli = new DroverCli(server.BaseAddress, Server.Tests.DroverServerFixture.AdminApiKey);
        await using var terminal = new PseudoTerminal(cli.StartInfo(["chat", agentId, "--environment", environmentId]));

        await terminal.WaitForAsync("you> ");
        await terminal.TypeAsync("say hello\r");
        // The text streams in as a live preview, so it may come before the (logged) thinking line.
        var turn = await terminal.WaitForAsync("agent> Hello from the fake model!");
        Assert.Contains("running", turn, StringComparison.Ordinal);
        await terminal.WaitForAsync("you> ");
        Assert.Contains("thinking: The user greets me.", terminal.Screen, StringComparison.Ordinal);
        Assert.Equal(2, terminal.Screen.Split("Hello from the fake model!").Length); // shown once, not again when logged

        // The call is one line (its input, cut to fit), then the chat asks before it runs.
        await terminal.TypeAsync("run the command\r");
        var ask = await terminal.WaitForAsync("[y/n]");
        Assert.Contains("▸ bash {\"command\":\"echo ran-in-the-sandbox && seq 1 200\"}", ask, StringComparison.Ordinal);
        Assert.Contains("Allow bash", ask, StringComparison.Ordinal);
        await terminal.TypeAsync("y\r");
        var result = await terminal.WaitForAsync("agent> The command ran.");
        var folded = Assert.Single(result.Split('\n'), l => l.Contains("◂ bash → ", StringComparison.Ordinal));
        Assert.Contains("ran-in-the-sandbox", folded, StringComparison.Ordinal);
        Assert.EndsWith("…", folded.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("\n200", result, StringComparison.Ordinal);
        await terminal.WaitForAsync("you> ");

        // Ctrl-C while the model works sends user.interrupt; the turn ends and the prompt comes back.
        await terminal.TypeAsync("take your time\r");
        await slow.Reached.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await terminal.TypeAsync("\x03");
        await terminal.WaitForAsync("interrupting");
        await terminal.WaitForAsync("interrupted");
        await terminal.WaitForAsync("you> ");
        Assert.DoesNotContain("too late", terminal.Screen, StringComparison.Ordinal);
        slow.Release();

        // At the prompt, Ctrl-C twice quits.
        await terminal.TypeAsync("\x03");
        await terminal.WaitForAsync("Ctrl-C again to quit");
        await terminal.TypeAsync("\x03");
        Assert.Equal(ExitCodes.Interrupted, await terminal.WaitForExitAsync(TimeSpan.FromSeconds(20)));

        var events = await EventsAsync(await SessionOfAsync(agentId));
        Assert.Contains(events, e => e.GetProperty("type").GetString() == "user.interrupt");
        var confirmation = Assert.Single(events, e => e.GetProperty("type").GetString() == "user.tool_confirmation");
        Assert.Equal("allow", confirmation.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Answering_no_denies_the_call_and_end_of_input_ends_the_chat()
    {
        var (agentId, environmentId) = await CreateAgentAndEnvironmentAsync();
        server.Model.Responder = r => r.Messages.Count == 1
            ? FakeReply.ToolUse("bash", """{"command":"touch should-not-exist"}""")
            : FakeReply.Text("Fine, I will not.");
        using var cli = new DroverCli(server.BaseAddress, Server.Tests.DroverServerFixture.AdminApiKey);
        await using var terminal = new PseudoTerminal(cli.StartInfo(["chat", agentId, "--environment", environmentId]));

        await terminal.WaitForAsync("you> ");
        await terminal.TypeAsync("make a file\r");
        await terminal.WaitForAsync("[y/n]");
        await terminal.TypeAsync("maybe\r");
        await terminal.WaitForAsync("[y/n]");
        await terminal.TypeAsync("n\r");
        await terminal.WaitForAsync("agent> Fine, I will not.");
        await terminal.WaitForAsync("you> ");
        await terminal.TypeAsync("\x04");
        Assert.Equal(ExitCodes.Success, await terminal.WaitForExitAsync(TimeSpan.FromSeconds(20)));

        var sessionId = await SessionOfAsync(agentId);
        var confirmation = Assert.Single(await EventsAsync(sessionId), e => e.GetProperty("type").GetString() == "user.tool_confirmation");
        Assert.Equal("deny", confirmation.GetProperty("result").GetString());
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "workspaces", sessionId, "should-not-exist")));
    }

    [Fact]
    public async Task Piped_with_json_the_chat_writes_only_event_json_to_stdout_and_ends_after_the_turn()
    {
        var (agentId, _) = await CreateAgentAndEnvironmentAsync();
        using var http = server.CreateHttpClient();
        var agentName = (await http.GetFromJsonAsync<JsonElement>($"/v1/agents/{agentId}", Ct)).GetProperty("name").GetString()!;
        server.Model.Responder = _ => FakeReply.Text("Hello, script.");
        using var cli = new DroverCli(server.BaseAddress, Server.Tests.DroverServerFixture.AdminApiKey);

        // By name, and with no --environment: the chat finds the agent and a cloud environment itself.
        var result = await cli.RunAsync(["chat", agentName, "--json"], stdin: "say hello\n");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var events = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var types = events.Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal("user.message", types[0]);
        Assert.Equal("session.status_idle", types[^1]);
        Assert.Equal("Hello, script.", events.Single(e => e.GetProperty("type").GetString() == "agent.message").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Contains("agent> Hello, script.", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"agent {agentId}", result.Stderr, StringComparison.Ordinal);
    }

    private async Task<(string AgentId, string EnvironmentId)> CreateAgentAndEnvironmentAsync()
    {
        using var http = server.CreateHttpClient();
        var agent = await PostAsync(http, "/v1/agents", $$$"""{"name":"chat-{{{Guid.NewGuid():N}}}","model":"claude-sonnet-4-5","tools":[{{{AskForBash}}}]}""");
        var environment = await PostAsync(http, "/v1/environments", $$$"""{"name":"chat-{{{Guid.NewGuid():N}}}","config":{"type":"cloud"}}""");
        return (agent.GetProperty("id").GetString()!, environment.GetProperty("id").GetString()!);
    }

    private async Task<string> SessionOfAsync(string agentId)
    {
        using var http = server.CreateHttpClient();
        var page = await http.GetFromJsonAsync<JsonElement>($"/v1/sessions?agent_id={agentId}", Ct);
        return Assert.Single(page.GetProperty("data").EnumerateArray()).GetProperty("id").GetString()!;
    }

    private async Task<List<JsonElement>> EventsAsync(string sessionId)
    {
        using var http = server.CreateHttpClient();
        var page = await http.GetFromJsonAsync<JsonElement>($"/v1/sessions/{sessionId}/events?limit=1000", Ct);
        return [.. page.GetProperty("data").EnumerateArray().Select(e => e.Clone())];
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, string json)
    {
        using var response = await http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
