using Drover.Sessions;
using Drover.Storage.Postgres;
using Npgsql;
using static Drover.Storage.Tests.TestEvents;

namespace Drover.Storage.Tests;

/// <summary>What only the PostgreSQL store has: several instances over one schema, woken through LISTEN/NOTIFY.</summary>
public sealed class PostgresSessionLogListenerTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Append_through_one_instance_wakes_a_waiting_tail_in_another()
    {
        var schema = UniqueName("wake");
        await using var writer = await fixture.OpenAsync(schema, applicationName: null);
        await using var reader = await fixture.OpenAsync(schema, applicationName: null);
        var id = await CreateSessionAsync(writer);
        using var cts = TimeoutAfter(TimeSpan.FromSeconds(30));

        await using var tail = reader.TailAsync(id, 0, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = tail.MoveNextAsync().AsTask();
        await writer.AppendAsync(id, [Message("from the other instance")], AppendCondition.None, Ct);

        Assert.True(await next);
        Assert.Equal((1L, "from the other instance"), (tail.Current.Sequence, TextOf(tail.Current)));
    }

    [Fact]
    public async Task Deleting_through_one_instance_ends_a_tail_in_another()
    {
        var schema = UniqueName("delete");
        await using var writer = await fixture.OpenAsync(schema, applicationName: null);
        await using var reader = await fixture.OpenAsync(schema, applicationName: null);
        var id = await CreateSessionAsync(writer);
        await writer.AppendAsync(id, [Message("only")], AppendCondition.None, Ct);
        using var cts = TimeoutAfter(TimeSpan.FromSeconds(30));

        await using var tail = reader.TailAsync(id, 0, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await tail.MoveNextAsync());
        var next = tail.MoveNextAsync().AsTask();
        Assert.True(await writer.DeleteSessionAsync(id, Ct));

        Assert.False(await next);
    }

    [Fact]
    public async Task Tails_in_both_instances_see_every_event_exactly_once_while_both_write()
    {
        var schema = UniqueName("both");
        await using var a = await fixture.OpenAsync(schema, applicationName: null);
        await using var b = await fixture.OpenAsync(schema, applicationName: null);
        var id = await CreateSessionAsync(a);
        const int WritersPerInstance = 4;
        const int AppendsPerWriter = 40;
        const int Total = 2 * WritersPerInstance * AppendsPerWriter * 2;
        using var cts = TimeoutAfter(TimeSpan.FromSeconds(60));

        async Task<List<long>> CollectAsync(PostgresSessionLog log, long after)
        {
            var seen = new List<long>();
            await foreach (var e in log.TailAsync(id, after, cts.Token))
            {
                seen.Add(e.Sequence);
                if (e.Sequence == Total)
                {
                    break;
                }
            }

            return seen;
        }

        var tails = new[] { Task.Run(() => CollectAsync(a, 0), cts.Token), Task.Run(() => CollectAsync(b, 0), cts.Token) };
        var writers = new[] { a, b }
            .SelectMany(log => Enumerable.Range(0, WritersPerInstance).Select(w => Task.Run(
                async () =>
                {
                    for (var i = 0; i < AppendsPerWriter; i++)
                    {
                        await log.AppendAsync(id, [Message($"{w}.{i}"), Message($"{w}.{i}b")], AppendCondition.None, cts.Token);
                    }
                },
                cts.Token)))
            .ToList();
        var lateInB = Task.Run(() => CollectAsync(b, 50), cts.Token);
        await Task.WhenAll(writers);

        foreach (var tail in tails)
        {
            Assert.Equal(Enumerable.Range(1, Total).Select(i => (long)i), await tail);
        }

        Assert.Equal(Enumerable.Range(51, Total - 50).Select(i => (long)i), await lateInB);
        var events = await b.ReadAsync(id, EventSlice.Forward(0, 1000), Ct);
        for (var i = 0; i < events.Count; i += 2)
        {
            Assert.Equal(TextOf(events[i]) + "b", TextOf(events[i + 1]));
        }
    }

    [Fact]
    public async Task Tail_survives_its_listener_connection_being_killed()
    {
        var schema = UniqueName("kill");
        var readerName = "drover-test-" + Guid.NewGuid().ToString("N")[..12];
        await using var writer = await fixture.OpenAsync(schema, applicationName: null);
        await using var reader = await fixture.OpenAsync(schema, readerName);
        var id = await CreateSessionAsync(writer);
        using var cts = TimeoutAfter(TimeSpan.FromSeconds(30));
        await using var tail = reader.TailAsync(id, 0, cts.Token).GetAsyncEnumerator(cts.Token);

        await writer.AppendAsync(id, [Message("before")], AppendCondition.None, Ct);
        Assert.True(await tail.MoveNextAsync());
        Assert.Equal("before", TextOf(tail.Current));

        var killed = Assert.Single(await ListenerPidsAsync(readerName + "/listener", except: 0));
        await using (var admin = await OpenAdminAsync())
        {
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend($1)", admin);
            kill.Parameters.Add(new NpgsqlParameter<int> { TypedValue = killed });
            Assert.Equal(true, await kill.ExecuteScalarAsync(Ct));
        }

        // Appended while the listener is down or reconnecting: only the re-read after reconnecting can deliver it.
        await writer.AppendAsync(id, [Message("during")], AppendCondition.None, Ct);
        Assert.True(await tail.MoveNextAsync());
        Assert.Equal((2L, "during"), (tail.Current.Sequence, TextOf(tail.Current)));

        // Appended after the tail was woken, so through the new listener's notifications.
        await writer.AppendAsync(id, [Message("after")], AppendCondition.None, Ct);
        Assert.True(await tail.MoveNextAsync());
        Assert.Equal((3L, "after"), (tail.Current.Sequence, TextOf(tail.Current)));
        Assert.Single(await ListenerPidsAsync(readerName + "/listener", except: killed));
    }

    private static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    private static CancellationTokenSource TimeoutAfter(TimeSpan timeout)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(timeout);
        return cts;
    }

    private static async Task<string> CreateSessionAsync(PostgresSessionLog log)
    {
        var id = NewSessionId();
        await log.CreateSessionAsync(new NewSession(id, "{}"), Ct);
        return id;
    }

    private async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync(Ct);
        return connection;
    }

    /// <summary>The backends with that application name, leaving out <paramref name="except"/> (a killed one may linger a moment).</summary>
    private async Task<List<int>> ListenerPidsAsync(string applicationName, int except)
    {
        await using var connection = await OpenAdminAsync();
        await using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND pid <> $2", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = applicationName });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = except });
        var pids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }
}
