using Drover.FakeModel;
using static Drover.EndToEnd.Tests.DroverApi;

namespace Drover.EndToEnd.Tests;

/// <summary>
/// Crash recovery with real processes on the embedded store: the server runs as a child process, is SIGKILLed while
/// its model request is in flight, and a new process on the same data directory finishes the turn from the log.
/// </summary>
public sealed class SqliteCrashRecoveryTests : IAsyncLifetime
{
    private const string Answer = "Forty-two, said slowly.";
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("drover-e2e-");
    private readonly List<ServerProcess> _servers = [];
    private FakeAnthropicServer _model = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private StoredLog Store => StoredLog.Sqlite(_data.FullName);

    [Fact]
    public async Task A_turn_killed_mid_stream_completes_after_a_restart_with_nothing_lost_or_repeated()
    {
        var gate = new FakeGate();
        _model.Responder = r => r.Index == 0 ? FakeReply.Text(Answer).Hold(gate) : FakeReply.Text(Answer);
        var first = await StartServerAsync("first");
        using var firstApi = new DroverApi(first);
        var sessionId = await firstApi.CreateSessionAsync();

        await firstApi.SendAsync(sessionId, Message("what is the answer?"));
        await KillWhileHeldAsync(first, sessionId, gate, requestIndex: 0);
        var killedAt = DateTimeOffset.UtcNow;

        using var secondApi = new DroverApi(await StartServerAsync("second"));
        var events = await secondApi.WaitForIdleAsync(sessionId, timeout: s_wait);
        TestContext.Current.TestOutputHelper?.WriteLine($"retried {(_model.Requests[^1].ReceivedAt - killedAt).TotalMilliseconds:F0} ms after the kill");

        CrashAssert.RecoveredTurn(events, kills: 1, Answer);
        await CrashAssert.WholeAsync(Store, sessionId, events);
        Assert.Equal(2, _model.RequestCount);
        var retry = _model.Requests[1];
        Assert.Single(retry.Messages);
        Assert.Equal("what is the answer?", retry.LastUserText);
        Assert.Equal("idle", (await secondApi.GetSessionAsync(sessionId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_turn_killed_twice_before_and_during_the_stream_completes_on_the_third_process()
    {
        var beforeHeaders = new FakeGate();
        var midStream = new FakeGate();
        _model.Responder = r => r.Index switch
        {
            0 => FakeReply.Text(Answer).HoldBeforeResponse(beforeHeaders),
            1 => FakeReply.Text(Answer).WithChunks(6).Hold(midStream),
            _ => FakeReply.Text(Answer).WithChunks(6).WithDelay(TimeSpan.Zero, TimeSpan.FromMilliseconds(10)),
        };
        var first = await StartServerAsync("first");
        using var firstApi = new DroverApi(first);
        var sessionId = await firstApi.CreateSessionAsync();

        await firstApi.SendAsync(sessionId, Message("what is the answer?"));
        await KillWhileHeldAsync(first, sessionId, beforeHeaders, requestIndex: 0);
        await KillWhileHeldAsync(await StartServerAsync("second"), sessionId, midStream, requestIndex: 1);

        using var thirdApi = new DroverApi(await StartServerAsync("third"));
        var events = await thirdApi.WaitForIdleAsync(sessionId, timeout: s_wait);

        CrashAssert.RecoveredTurn(events, kills: 2, Answer);
        await CrashAssert.WholeAsync(Store, sessionId, events);
        Assert.Equal(3, _model.RequestCount);
        Assert.All(_model.Requests, r => Assert.Single(r.Messages));
    }

    [Fact]
    public async Task A_turn_killed_in_the_model_request_after_a_custom_tool_result_resumes_with_the_result_once()
    {
        var gate = new FakeGate();
        _model.Responder = r => r.Index switch
        {
            0 => FakeReply.ToolUse("get_weather", """{"city":"Paris"}"""),
            1 => FakeReply.Text(Answer).Hold(gate),
            _ => FakeReply.Text(Answer),
        };
        var first = await StartServerAsync("first");
        using var firstApi = new DroverApi(first);
        var sessionId = await firstApi.CreateSessionAsync("""
            {"model":"claude-sonnet-4-5","tools":[{"type":"custom","name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]}
            """);
        await firstApi.SendAsync(sessionId, Message("weather in Paris?"));
        var asked = await firstApi.WaitForIdleAsync(sessionId, timeout: s_wait);
        var toolUseId = Assert.Single(asked, e => Type(e) == "agent.custom_tool_use").GetProperty("id").GetString()!;

        await firstApi.SendAsync(sessionId, CustomToolResult(toolUseId, "sunny, 21C"));
        await KillWhileHeldAsync(first, sessionId, gate, requestIndex: 1);

        using var secondApi = new DroverApi(await StartServerAsync("second"));
        var events = await secondApi.WaitForIdleAsync(sessionId, count: 2, timeout: s_wait);

        var turn = events.Skip(asked.Count).ToList();
        Assert.Equal(
            ["user.custom_tool_result", "session.status_running", "span.model_request_start", "span.model_request_end",
             "session.status_rescheduled", "session.status_running", "span.model_request_start", "agent.message", "span.model_request_end", "session.usage", "session.status_idle"],
            turn.Select(Type));
        CrashAssert.SpansPaired(turn, failed: 1);
        Assert.Equal("end_turn", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
        Assert.Single(events, e => Type(e) == "agent.message");
        await CrashAssert.WholeAsync(Store, sessionId, events);

        Assert.Equal(3, _model.RequestCount);
        var retry = _model.Requests[2].Messages.ToJsonString();
        Assert.Equal(_model.Requests[1].Messages.ToJsonString(), retry);
        Assert.Equal(1, Occurrences(retry, $"\"tool_use_id\":\"{toolUseId}\""));
        Assert.Equal(1, Occurrences(retry, "sunny, 21C"));
    }

    public async ValueTask InitializeAsync() => _model = await FakeAnthropicServer.StartAsync(cancellationToken: Ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await _model.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
    }

    private async Task<ServerProcess> StartServerAsync(string name)
    {
        var server = await ServerProcess.StartAsync(name,
        [
            "--data-dir", _data.FullName,
            $"--ANTHROPIC_BASE_URL={_model.BaseUrl}",
            "--ANTHROPIC_API_KEY=sk-ant-e2e-key",
            "--Harness:LeaseDuration=00:00:02",
            "--Harness:PollInterval=00:00:00.200",
        ], Ct);
        _servers.Add(server);
        return server;
    }

    /// <summary>
    /// Waits until request <paramref name="requestIndex"/> is held at <paramref name="gate"/>, checks that the process to
    /// kill is the one holding the session's lease, SIGKILLs it, and waits until the fake sees the connection drop.
    /// </summary>
    private async Task KillWhileHeldAsync(ServerProcess server, string sessionId, FakeGate gate, int requestIndex)
    {
        await gate.Reached.WaitAsync(s_wait, Ct);
        var held = await _model.WaitForRequestAsync(requestIndex, Ct);
        var (holder, _) = await Store.LeaseHolderAsync(sessionId);
        Assert.Equal(server.Id, holder);

        await server.KillAsync();
        await held.Disconnected.WaitAsync(s_wait, Ct);
    }

    private static int Occurrences(string text, string value) => (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}
