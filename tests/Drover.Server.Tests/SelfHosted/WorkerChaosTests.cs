using System.Diagnostics;
using Drover.FakeModel;
using Drover.Server.Tests.Harness;

namespace Drover.Server.Tests.SelfHosted;

/// <summary>
/// Chaos: two real <c>drover worker</c> processes poll one environment; the one running a long call is SIGKILLed. Its
/// lease lapses (4 s), the call is answered as outcome unknown, the model's next call is run by the other worker, and
/// the session ends its turn. Every call ran on exactly one worker.
/// </summary>
public sealed class WorkerChaosTests(HarnessServerFixture server) : IClassFixture<HarnessServerFixture>
{
    private readonly SelfHostedApi _api = new(server);
    private readonly Turns _turns = new(server.CreateHttpClient());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_killed_mid_call_leaves_an_outcome_unknown_result_and_the_other_worker_finishes_the_session()
    {
        var environmentId = await _api.CreateEnvironmentAsync();
        var key = (await _api.CreateKeyAsync(environmentId)).GetProperty("key").GetString()!;
        var sessionId = await _api.CreateSessionAsync(environmentId);
        server.Model.Responder = r => r.Messages.Count switch
        {
            1 => FakeReply.ToolUse("bash", """{"command":"touch first-started && sleep 30 && touch first-finished"}"""),
            3 => FakeReply.ToolUse("bash", """{"command":"touch second-ran"}"""),
            _ => FakeReply.Text("done after the loss"),
        };
        string[] options = ["--lease-ttl", "4", "--max-idle", "30"];
        await using var a = WorkerProcess.Start("worker-a", server.BaseAddress, environmentId, key, options);
        await using var b = WorkerProcess.Start("worker-b", server.BaseAddress, environmentId, key, options);
        var clock = Stopwatch.StartNew();

        await _turns.SendAsync(sessionId, Turns.Message("go"));
        var holder = await WaitForFileAsync(sessionId, "first-started", a, b);
        var other = holder == a ? b : a;
        await holder.KillAsync();
        var killedAt = clock.Elapsed;

        var events = await WorkerProcess.WaitForEndTurnAsync(_turns, sessionId, a, b);
        var uses = events.Where(e => Turns.Type(e) == "agent.tool_use").Select(e => e.GetProperty("id").GetString()!).ToList();
        var results = events.Where(e => Turns.Type(e) == "user.tool_result").ToList();
        Assert.Equal(2, uses.Count);
        Assert.Equal(uses, results.Select(r => r.GetProperty("tool_use_id").GetString()!));
        Assert.True(results[0].GetProperty("is_error").GetBoolean());
        Assert.Contains("outcome is unknown", results[0].GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(results[1].GetProperty("is_error").GetBoolean(), results[1].GetRawText());

        // Each call ran on one worker only: the first on the killed one (never finished), the second on the survivor.
        Assert.False(File.Exists(Path.Combine(other.Workspace(sessionId), "first-started")));
        Assert.False(File.Exists(Path.Combine(holder.Workspace(sessionId), "first-finished")));
        Assert.True(File.Exists(Path.Combine(other.Workspace(sessionId), "second-ran")), other.Output);
        Assert.False(File.Exists(Path.Combine(holder.Workspace(sessionId), "second-ran")));
        Assert.Single(other.Output.Split('\n'), line => line.Contains("Running bash call", StringComparison.Ordinal));
        Assert.False(other.HasExited, other.Output);
        TestContext.Current.TestOutputHelper?.WriteLine($"killed at {killedAt.TotalSeconds:0.0} s, turn ended at {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static async Task<WorkerProcess> WaitForFileAsync(string sessionId, string name, params WorkerProcess[] workers)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (workers.FirstOrDefault(w => File.Exists(Path.Combine(w.Workspace(sessionId), name))) is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No worker created {name}:{Environment.NewLine}{string.Join(Environment.NewLine, workers.Select(w => w.Output))}");
            await Task.Delay(50, Ct);
        }
    }

}
