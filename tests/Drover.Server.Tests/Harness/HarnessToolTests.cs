using Drover.FakeModel;
using static Drover.Server.Tests.Harness.Turns;

namespace Drover.Server.Tests.Harness;

/// <summary>Built-in tools end to end: the model's call, the permission policy, the sandbox, the result back to the model.</summary>
public sealed class HarnessToolTests(HarnessServerFixture server) : IClassFixture<HarnessServerFixture>
{
    private const string Toolset = """{"model":"claude-sonnet-4-5","tools":[{"type":"agent_toolset_20260401"}]}""";
    private const string AskForBash = """{"model":"claude-sonnet-4-5","tools":[{"type":"agent_toolset_20260401","configs":[{"name":"bash","permission_policy":{"type":"always_ask"}}]}]}""";

    private readonly Turns _turns = new(server.CreateHttpClient());

    private FakeAnthropicServer Model => server.Model;

    [Fact]
    public async Task An_allowed_bash_call_runs_in_the_sandbox_and_its_output_goes_back_to_the_model()
    {
        var sessionId = await _turns.CreateSessionAsync(Toolset);
        Model.Responder = r => r.Messages.Count == 1
            ? FakeReply.ToolUse("bash", """{"command":"echo made-in-sandbox > note.txt && cat note.txt && pwd"}""")
            : FakeReply.Text("done");

        await _turns.SendAsync(sessionId, Message("write a note"));
        var events = await _turns.WaitForIdleAsync(sessionId);

        Assert.Equal(
            ["user.message", "session.status_running", "span.model_request_start", "agent.tool_use", "span.model_request_end", "agent.tool_result",
             "span.model_request_start", "agent.message", "span.model_request_end", "session.usage", "session.status_idle"],
            Types(events));
        var toolUse = events[3];
        Assert.Equal("allow", toolUse.GetProperty("evaluated_permission").GetString());
        Assert.Equal("always_allow", toolUse.GetProperty("evaluation").GetProperty("type").GetString());
        var output = events[5].GetProperty("content")[0].GetProperty("text").GetString();
        Assert.Contains("made-in-sandbox", output, StringComparison.Ordinal);
        Assert.Contains("/workspace", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "workspaces", sessionId, "note.txt")));

        var tools = Model.Requests[^1].Tools.Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("bash", tools);
        Assert.Contains("read", tools);
        Assert.DoesNotContain("web_search", tools);
        Assert.Contains("made-in-sandbox", Model.Requests[^1].Messages[2]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_always_ask_call_waits_for_confirmation_and_runs_once_allowed()
    {
        var sessionId = await _turns.CreateSessionAsync(AskForBash);
        Model.Responder = r => r.Messages.Count == 1 ? FakeReply.ToolUse("bash", """{"command":"echo confirmed-run"}""") : FakeReply.Text("ran it");

        await _turns.SendAsync(sessionId, Message("run it"));
        var events = await _turns.WaitForIdleAsync(sessionId);
        var toolUse = events.Single(e => Type(e) == "agent.tool_use");
        Assert.Equal("ask", toolUse.GetProperty("evaluated_permission").GetString());
        Assert.Equal("always_ask", toolUse.GetProperty("evaluation").GetProperty("type").GetString());
        Assert.Equal("requires_action", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
        Assert.DoesNotContain(events, e => Type(e) == "agent.tool_result");

        var id = toolUse.GetProperty("id").GetString()!;
        await _turns.SendAsync(sessionId, $$"""{"type":"user.tool_confirmation","tool_use_id":"{{id}}","result":"allow"}""");
        events = await _turns.WaitForIdleAsync(sessionId, count: 2);

        var result = events.Single(e => Type(e) == "agent.tool_result");
        Assert.Contains("confirmed-run", result.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("end_turn", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());

        // Answered: a second confirmation of the same call is refused.
        using var again = await _turns.SendRawAsync(sessionId, $$"""{"type":"user.tool_confirmation","tool_use_id":"{{id}}","result":"allow"}""");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task A_denied_call_does_not_run_and_the_model_reads_the_deny_message()
    {
        var sessionId = await _turns.CreateSessionAsync(AskForBash);
        Model.Responder = r => r.Messages.Count == 1 ? FakeReply.ToolUse("bash", """{"command":"touch should-not-exist"}""") : FakeReply.Text("ok, not running it");

        await _turns.SendAsync(sessionId, Message("run it"));
        var events = await _turns.WaitForIdleAsync(sessionId);
        var id = events.Single(e => Type(e) == "agent.tool_use").GetProperty("id").GetString()!;
        await _turns.SendAsync(sessionId, $$"""{"type":"user.tool_confirmation","tool_use_id":"{{id}}","result":"deny","deny_message":"not on this machine"}""");
        events = await _turns.WaitForIdleAsync(sessionId, count: 2);

        var result = events.Single(e => Type(e) == "agent.tool_result");
        Assert.True(result.GetProperty("is_error").GetBoolean());
        Assert.Contains("not on this machine", Model.Requests[^1].Messages[2]!.ToJsonString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(server.DataDirectory, "workspaces", sessionId, "should-not-exist")));
    }

    [Fact]
    public async Task A_call_of_a_tool_the_agent_does_not_have_is_denied_with_an_error_result()
    {
        var sessionId = await _turns.CreateSessionAsync("""{"model":"claude-sonnet-4-5","tools":[{"type":"agent_toolset_20260401","configs":[{"name":"bash","enabled":false}]}]}""");
        Model.Responder = r => r.Messages.Count == 1 ? FakeReply.ToolUse("bash", """{"command":"id"}""") : FakeReply.Text("cannot");

        await _turns.SendAsync(sessionId, Message("run id"));
        var events = await _turns.WaitForIdleAsync(sessionId);

        Assert.Equal("deny", events.Single(e => Type(e) == "agent.tool_use").GetProperty("evaluated_permission").GetString());
        Assert.True(events.Single(e => Type(e) == "agent.tool_result").GetProperty("is_error").GetBoolean());
        Assert.DoesNotContain(Model.Requests[^2].Tools, t => t!["name"]!.GetValue<string>() == "bash");
        Assert.Equal("end_turn", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_interrupt_stops_a_running_command_and_ends_the_turn()
    {
        var sessionId = await _turns.CreateSessionAsync(Toolset);
        Model.Responder = r => r.Messages.Count == 1 ? FakeReply.ToolUse("bash", """{"command":"sleep 30"}""") : FakeReply.Text("after");

        await _turns.SendAsync(sessionId, Message("sleep"));
        await WaitForAsync(sessionId, "agent.tool_use");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        var started = DateTime.UtcNow;
        await _turns.SendAsync(sessionId, """{"type":"user.interrupt"}""");
        var events = await _turns.WaitForIdleAsync(sessionId);

        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10), "the command was not stopped promptly");
        Assert.Equal("end_turn", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
        Assert.Single(Model.Requests, r => r.Body.ToJsonString().Contains("\"sleep\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deleting_a_session_deletes_its_workspace()
    {
        var sessionId = await _turns.CreateSessionAsync(Toolset);
        Model.Responder = r => r.Messages.Count == 1 ? FakeReply.ToolUse("bash", """{"command":"echo x > kept.txt"}""") : FakeReply.Text("done");
        await _turns.SendAsync(sessionId, Message("write"));
        await _turns.WaitForIdleAsync(sessionId);
        var workspace = Path.Combine(server.DataDirectory, "workspaces", sessionId);
        Assert.True(File.Exists(Path.Combine(workspace, "kept.txt")));

        using var http = server.CreateHttpClient();
        using var deleted = await http.DeleteAsync($"/v1/sessions/{sessionId}", TestContext.Current.CancellationToken);

        Assert.True(deleted.IsSuccessStatusCode);
        Assert.False(Directory.Exists(workspace));
    }

    private async Task WaitForAsync(string sessionId, string type)
    {
        for (var i = 0; i < 400; i++)
        {
            if ((await _turns.EventsAsync(sessionId)).Any(e => Type(e) == type))
            {
                return;
            }

            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"No {type} in session {sessionId}.");
    }
}
