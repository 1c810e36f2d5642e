using Drover.FakeModel;
using static Drover.EndToEnd.Tests.DroverApi;

namespace Drover.EndToEnd.Tests;

/// <summary>
/// Takeover between real processes on a shared PostgreSQL schema: two servers, the one holding a session's lease is
/// SIGKILLed mid-stream, and the survivor claims the session once the lease lapses and finishes the turn from the log.
/// </summary>
public sealed class PostgresTakeoverTests : IAsyncLifetime
{
    private const string Answer = "Forty-two, said by the survivor.";
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);

    private readonly List<DirectoryInfo> _dataDirectories = [];
    private readonly List<ServerProcess> _servers = [];
    private readonly string _schema = TestPostgres.NewSchema();
    private string? _connectionString;
    private FakeAnthropicServer _model = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_survivor_takes_over_a_killed_instance_turn_after_its_lease_lapses()
    {
        var turn = await StartHeldTurnAsync();
        await turn.Victim.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        await turn.Held.Disconnected.WaitAsync(s_wait, Ct);

        using var survivorApi = new DroverApi(turn.Survivor);
        var events = await survivorApi.WaitForIdleAsync(turn.SessionId, timeout: s_wait);

        CrashAssert.RecoveredTurn(events, kills: 1, Answer);
        await CrashAssert.WholeAsync(turn.Store, turn.SessionId, events);
        Assert.Equal(2, _model.RequestCount);
        var retry = _model.Requests[1];
        TestContext.Current.TestOutputHelper?.WriteLine($"retried {(retry.ReceivedAt - killedAt).TotalMilliseconds:F0} ms after the kill, {(retry.ReceivedAt - turn.Leased.LeaseExpiresAt!.Value).TotalMilliseconds:F0} ms after the lease seen before it");
        Assert.Equal(turn.Held.Messages.ToJsonString(), retry.Messages.ToJsonString());

        // The survivor waited for the lease to lapse (never ran the session beside the victim), then took it at once.
        Assert.True(retry.ReceivedAt >= turn.Leased.LeaseExpiresAt!.Value.AddMilliseconds(-5), $"retried at {retry.ReceivedAt:O}, lease ran to {turn.Leased.LeaseExpiresAt:O}");
        Assert.True(retry.ReceivedAt - killedAt < s_lease + TimeSpan.FromSeconds(10), $"killed at {killedAt:O}, retried at {retry.ReceivedAt:O}");
        var settled = await turn.Store.SessionAsync(turn.SessionId);
        Assert.True(settled.LeaseEpoch > turn.Leased.LeaseEpoch, "The survivor ran under a new fencing epoch.");
        Assert.Equal("idle", (await survivorApi.GetSessionAsync(turn.SessionId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_instance_paused_past_its_lease_writes_nothing_when_it_wakes_after_the_takeover()
    {
        var turn = await StartHeldTurnAsync();
        turn.Victim.Pause();

        using var survivorApi = new DroverApi(turn.Survivor);
        var events = await survivorApi.WaitForIdleAsync(turn.SessionId, timeout: s_wait);
        CrashAssert.RecoveredTurn(events, kills: 1, Answer);

        // The stale run wakes with its model stream still open, and the rest of its response arrives: its lease is gone.
        turn.Victim.Resume();
        turn.Gate.Release();
        await turn.Victim.WaitForOutputAsync($"Harness run of session {turn.SessionId} stopped", s_wait);
        await turn.Held.Finished.WaitAsync(s_wait, Ct);

        var after = await survivorApi.EventsAsync(turn.SessionId);
        Assert.Equal(events.Select(e => e.GetProperty("id").GetString()), after.Select(e => e.GetProperty("id").GetString()));
        await CrashAssert.WholeAsync(turn.Store, turn.SessionId, after);
        Assert.Equal(2, _model.RequestCount);
    }

    /// <summary>
    /// Two servers on one schema; a session created through one and sent a message through the other; returns once the
    /// first model request is held mid-stream (after a whole text block, before <c>message_stop</c>), with the process
    /// that holds the session's lease (the victim) and the other one (the survivor).
    /// </summary>
    private async Task<HeldTurn> StartHeldTurnAsync()
    {
        _connectionString = TestPostgres.ConnectionString();
        var store = StoredLog.Postgres(_connectionString, _schema);
        var gate = new FakeGate();
        _model.Responder = r => r.Index == 0 ? FakeReply.Text(Answer).Hold(gate) : FakeReply.Text(Answer);

        // One at a time, so the first creates the schema; both then serve the same sessions.
        var a = await StartServerAsync("server A");
        var b = await StartServerAsync("server B");
        using var apiA = new DroverApi(a);
        using var apiB = new DroverApi(b);
        var sessionId = await apiA.CreateSessionAsync();
        await apiB.SendAsync(sessionId, Message("what is the answer?"));

        await gate.Reached.WaitAsync(s_wait, Ct);
        var held = await _model.WaitForRequestAsync(0, Ct);
        var (holder, leased) = await store.LeaseHolderAsync(sessionId);
        return new HeldTurn(store, sessionId, gate, held, leased, Assert.Single(_servers, s => s.Id == holder), Assert.Single(_servers, s => s.Id != holder));
    }

    public async ValueTask InitializeAsync() => _model = await FakeAnthropicServer.StartAsync(cancellationToken: Ct);

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        await _model.DisposeAsync();
        if (_connectionString is not null)
        {
            await TestPostgres.DropSchemaAsync(_connectionString, _schema);
        }

        foreach (var directory in _dataDirectories)
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task<ServerProcess> StartServerAsync(string name)
    {
        var data = Directory.CreateTempSubdirectory("drover-e2e-pg-");
        _dataDirectories.Add(data);
        var server = await ServerProcess.StartAsync(name,
        [
            "--data-dir", data.FullName,
            "--Storage:Provider=postgres",
            $"--Storage:PostgresConnectionString={_connectionString}",
            $"--Storage:PostgresSchema={_schema}",
            $"--ANTHROPIC_BASE_URL={_model.BaseUrl}",
            "--ANTHROPIC_API_KEY=sk-ant-e2e-key",
            $"--Harness:LeaseDuration={s_lease}",
            "--Harness:PollInterval=00:00:00.200",
        ], Ct);
        _servers.Add(server);
        return server;
    }

    private sealed record HeldTurn(StoredLog Store, string SessionId, FakeGate Gate, RecordedRequest Held, StoredSession Leased, ServerProcess Victim, ServerProcess Survivor);
}
