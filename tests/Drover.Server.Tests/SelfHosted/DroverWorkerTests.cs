using System.Net.Http.Json;
using System.Text.Json;
using Drover.FakeModel;
using Drover.Server.Tests.Harness;

namespace Drover.Server.Tests.SelfHosted;

/// <summary>
/// Drover's own worker, <c>drover worker</c>, as a real process against a real server with the fake model: it claims
/// the session, runs the built-in tools in its workdir (bubblewrap) and posts <c>user.tool_result</c>; on SIGTERM it
/// abandons a call that outlasts its grace with an error result, stops its item and exits 0.
/// </summary>
public sealed class DroverWorkerTests(HarnessServerFixture server) : IClassFixture<HarnessServerFixture>
{
    private readonly SelfHostedApi _api = new(server);
    private readonly Turns _turns = new(server.CreateHttpClient());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_worker_runs_bash_write_and_read_calls_the_turn_ends_and_the_idle_item_is_stopped()
    {
        var environmentId = await _api.CreateEnvironmentAsync();
        var key = (await _api.CreateKeyAsync(environmentId)).GetProperty("key").GetString()!;
        var sessionId = await _api.CreateSessionAsync(environmentId);
        server.Model.Responder = r => r.Messages.Count switch
        {
            1 => FakeReply.ToolUse("bash", """{"command":"echo from-bash > bash.txt && cat bash.txt && pwd"}"""),
            3 => FakeReply.ToolUse("write", """{"file_path":"/workspace/notes/w.txt","content":"written by write"}"""),
            5 => FakeReply.ToolUse("read", """{"file_path":"bash.txt"}"""),
            _ => FakeReply.Text("done"),
        };
        await using var worker = WorkerProcess.Start("worker", server.BaseAddress, environmentId, key, "--max-idle", "2");

        await _turns.SendAsync(sessionId, Turns.Message("use the tools"));
        var events = await WorkerProcess.WaitForEndTurnAsync(_turns, sessionId, worker);

        var results = events.Where(e => Turns.Type(e) == "user.tool_result").ToList();
        Assert.Equal(3, results.Count);
        Assert.DoesNotContain(events, e => Turns.Type(e) == "agent.tool_result");
        Assert.All(results, r => Assert.False(r.GetProperty("is_error").GetBoolean(), r.GetRawText()));
        Assert.Contains("from-bash", results[0].GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);

        // Inside bubblewrap the workspace is /workspace, as with the server's own sandboxes.
        Assert.Contains("/workspace", results[0].GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("from-bash", results[2].GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("from-bash\n", await File.ReadAllTextAsync(Path.Combine(worker.Workspace(sessionId), "bash.txt"), Ct));
        Assert.Equal("written by write", await File.ReadAllTextAsync(Path.Combine(worker.Workspace(sessionId), "notes", "w.txt"), Ct));

        // The turn is over: after --max-idle the worker stops its item and keeps polling.
        await WaitForWorkStateAsync(environmentId, "stopped", TimeSpan.FromSeconds(15));
        Assert.False(worker.HasExited, worker.Output);
    }

    [Fact]
    public async Task On_sigterm_a_call_outlasting_the_grace_gets_an_error_result_the_item_stops_and_the_session_continues()
    {
        var environmentId = await _api.CreateEnvironmentAsync();
        var key = (await _api.CreateKeyAsync(environmentId)).GetProperty("key").GetString()!;
        var sessionId = await _api.CreateSessionAsync(environmentId);
        server.Model.Responder = r => r.Messages.Count == 1
            ? FakeReply.ToolUse("bash", """{"command":"touch started && sleep 30 && touch finished"}""")
            : FakeReply.Text("carried on without it");
        await using var worker = WorkerProcess.Start("worker", server.BaseAddress, environmentId, key, "--shutdown-grace", "1");

        await _turns.SendAsync(sessionId, Turns.Message("run the long one"));
        var started = Path.Combine(worker.Workspace(sessionId), "started");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!File.Exists(started))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The call never started:{Environment.NewLine}{worker.Output}");
            await Task.Delay(50, Ct);
        }

        worker.Terminate();
        Assert.Equal(0, await worker.WaitForExitAsync(TimeSpan.FromSeconds(20)));

        var events = await WorkerProcess.WaitForEndTurnAsync(_turns, sessionId, worker);
        var result = Assert.Single(events, e => Turns.Type(e) == "user.tool_result");
        Assert.True(result.GetProperty("is_error").GetBoolean());
        Assert.Contains("shut down", result.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("carried on without it", events.Last(e => Turns.Type(e) == "agent.message").GetRawText(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(worker.Workspace(sessionId), "finished")));
        var list = await _api.Admin.GetFromJsonAsync<JsonElement>($"/v1/environments/{environmentId}/work", Ct);
        Assert.Equal("stopped", Assert.Single(list.GetProperty("data").EnumerateArray()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Without_an_environment_key_the_worker_exits_with_the_invalid_configuration_code()
    {
        await using var worker = WorkerProcess.Start("worker", server.BaseAddress, "env_01M91D5EJ8BEMTM7K9JD7Q84RX", environmentKey: "");
        Assert.Equal(3, await worker.WaitForExitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("--environment-key", worker.Output, StringComparison.Ordinal);
    }

    private async Task WaitForWorkStateAsync(string environmentId, string state, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var list = await _api.Admin.GetFromJsonAsync<JsonElement>($"/v1/environments/{environmentId}/work", Ct);
            if (list.GetProperty("data").EnumerateArray().All(w => w.GetProperty("state").GetString() == state))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The work did not reach {state}: {list}");
            await Task.Delay(100, Ct);
        }
    }
}
