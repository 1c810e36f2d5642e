using Drover.Sessions;
using Npgsql;
using static Drover.Storage.Tests.TestEvents;

namespace Drover.Storage.Tests;

/// <summary>Claims across instances: several servers over one schema share out the sessions with work, without waiting on each other.</summary>
public sealed class PostgresSessionLogWorkTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static readonly TimeSpan s_lease = TimeSpan.FromMinutes(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Claimers_in_two_instances_never_get_the_same_session()
    {
        var name = UniqueName("claims");
        await using var a = await fixture.OpenAsync(name, applicationName: null);
        await using var b = await fixture.OpenAsync(name, applicationName: null);
        var ids = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var id = NewSessionId();
            await a.CreateSessionAsync(new NewSession(id, "{}"), Ct);
            await (i % 2 == 0 ? a : b).AppendAsync(id, [Message("go")], AppendCondition.None, Ct);
            ids.Add(id);
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claimers = new[] { a, b }.SelectMany((log, instance) => Enumerable.Range(0, 4).Select(n => Task.Run(async () =>
        {
            await start.Task;
            var mine = new List<SessionLease>();
            while (await log.ClaimNextAsync($"instance-{instance}/worker-{n}", s_lease, Ct) is { } lease)
            {
                mine.Add(lease);
            }

            return mine;
        }, Ct))).ToArray();
        start.SetResult();
        var claims = (await Task.WhenAll(claimers)).SelectMany(c => c).ToList();

        Assert.Equal(ids.Order(), claims.Select(c => c.SessionId).Order());
        Assert.Contains(claims, c => c.Holder.StartsWith("instance-0/", StringComparison.Ordinal));
        Assert.Contains(claims, c => c.Holder.StartsWith("instance-1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_claimer_passes_over_a_session_locked_by_another_transaction_instead_of_waiting()
    {
        var name = UniqueName("skip");
        await using var log = await fixture.OpenAsync(name, applicationName: null);
        var locked = NewSessionId();
        var free = NewSessionId();
        foreach (var id in new[] { locked, free })
        {
            await log.CreateSessionAsync(new NewSession(id, "{}"), Ct);
            await log.AppendAsync(id, [Message("go")], AppendCondition.None, Ct);
        }

        // Another instance in the middle of claiming (or appending to) the first session holds its row lock.
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var transaction = await connection.BeginTransactionAsync(Ct);
        await using (var lockRow = new NpgsqlCommand($"SELECT 1 FROM \"{fixture.SchemaFor(name)}\".sessions WHERE id = $1 FOR UPDATE", connection, transaction))
        {
            lockRow.Parameters.Add(new NpgsqlParameter<string> { TypedValue = locked });
            await lockRow.ExecuteNonQueryAsync(Ct);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        var first = await log.ClaimNextAsync("worker", s_lease, timeout.Token);
        var second = await log.ClaimNextAsync("worker", s_lease, timeout.Token);
        await transaction.RollbackAsync(Ct);
        var third = await log.ClaimNextAsync("worker", s_lease, Ct);

        Assert.Equal(free, first?.SessionId);
        Assert.Null(second);
        Assert.Equal(locked, third?.SessionId);
    }

    private static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];
}
