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
        var victim = Assert.Single(_servers, s => s.Id == holder);
        var survivor = Assert.Single(_servers, s => s.Id != holder);
        await victim.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;
        await held.Disconnected.WaitAsync(s_wait, Ct);

        using var survivorApi = new DroverApi(survivor);
        var events = await survivorApi.WaitForIdleAsync(sessionId, timeout: s_wait);

        CrashAssert.RecoveredTurn(events, kills: 1, Answer);
        await CrashAssert.WholeAsync(store, sessionId, events);
        Assert.Equal(2, _model.RequestCount);
        var retry = _model.Requests[1];
        Assert.Equal(held.Messages.ToJsonString(), retry.Messages.ToJsonString());

        // The survivor waited for the lease to lapse (never ran the session beside the victim), then took it at once.
        Assert.True(retry.ReceivedAt >= leased.LeaseExpiresAt!.Value.AddMilliseconds(-5), $"retried at {retry.ReceivedAt:O}, lease ran to {leased.LeaseExpiresAt:O}");
        Assert.True(retry.ReceivedAt - killedAt < s_lease + TimeSpan.FromSeconds(10), $"killed at {killedAt:O}, retried at {retry.ReceivedAt:O}");
        var settled = await store.SessionAsync(sessionId);
        Assert.True(settled.LeaseEpoch > leased.LeaseEpoch, "The survivor ran under a new fencing epoch.");
        Assert.Equal("idle", (await survivorApi.GetSessionAsync(sessionId)).GetProperty("status").GetString());
        Assert.False(survivor.HasExited);
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
}
