using Drover.Events;
using Drover.Sessions;
using Microsoft.Extensions.Time.Testing;
using static Drover.Storage.Tests.TestEvents;

namespace Drover.Storage.Tests;

/// <summary>
/// Wake, claim and settle. A claim takes any claimable session in the database, so each test opens a database of its
/// own (the shared one holds other tests' user messages) on a fake clock.
/// </summary>
public abstract partial class SessionLogConformanceTests
{
    private static readonly TimeSpan s_lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Every_wake_type_makes_its_session_claimable_and_other_events_do_not()
    {
        await using var work = await OpenWorkAsync();
        var woken = new HashSet<string>(StringComparer.Ordinal);
        foreach (var type in SessionWork.WakeTypes)
        {
            var id = await CreateSessionAsync(work.Log);
            await work.Log.AppendAsync(id, [Message("x", EventTypes.AgentMessage), Message("y", type)], AppendCondition.None, Ct);
            woken.Add(id);
        }

        var quiet = await CreateSessionAsync(work.Log);
        await work.Log.AppendAsync(quiet, [Message("a", EventTypes.AgentMessage)], AppendCondition.None, Ct);
        await work.Log.AppendAsync(quiet, [Message("b", EventTypes.SessionStatusIdle), Message("c", EventTypes.SessionStatusRunning)], AppendCondition.None, Ct);

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        while (await work.Log.ClaimNextAsync("worker", s_lease, Ct) is { } lease)
        {
            Assert.True(claimed.Add(lease.SessionId), $"{lease.SessionId} was claimed twice.");
        }

        Assert.Equal(woken.Order(), claimed.Order());
    }

    [Fact]
    public async Task Claim_takes_the_lease_with_a_higher_epoch_and_a_second_claim_gets_nothing()
    {
        await using var work = await OpenWorkAsync();
        var id = await CreateSessionAsync(work.Log);
        var earlier = (await work.Log.TryAcquireLeaseAsync(id, "earlier", s_lease, Ct))!;
        await work.Log.ReleaseLeaseAsync(earlier, Ct);
        await work.Log.AppendAsync(id, [Message("hello")], AppendCondition.None, Ct);

        var lease = await work.Log.ClaimNextAsync("worker-a", s_lease, Ct);
        var second = await work.Log.ClaimNextAsync("worker-b", s_lease, Ct);

        Assert.NotNull(lease);
        Assert.Null(second);
        Assert.Equal((id, "worker-a", earlier.Epoch + 1, work.Time.GetUtcNow() + s_lease), (lease.SessionId, lease.Holder, lease.Epoch, lease.ExpiresAt));
        var session = (await work.Log.GetSessionAsync(id, Ct))!;
        Assert.Equal(("worker-a", lease.Epoch, lease.ExpiresAt), (session.LeaseHolder, session.LeaseEpoch, session.LeaseExpiresAt));
        Assert.Null(await work.Log.TryAcquireLeaseAsync(id, "worker-b", s_lease, Ct));
        var reply = await work.Log.AppendAsync(id, [Message("hi", EventTypes.AgentMessage)], new AppendCondition(LeaseEpoch: lease.Epoch), Ct);
        Assert.Equal(2, reply.LastSequence);
    }

    [Fact]
    public async Task Settling_through_the_last_sequence_clears_the_work_and_frees_the_lease()
    {
        await using var work = await OpenWorkAsync();
        var id = await CreateSessionAsync(work.Log);
        await work.Log.AppendAsync(id, [Message("hello")], AppendCondition.None, Ct);
        var lease = (await work.Log.ClaimNextAsync("worker", s_lease, Ct))!;
        var reply = await work.Log.AppendAsync(id, [Message("hi", EventTypes.AgentMessage), Message("idle", EventTypes.SessionStatusIdle)], new AppendCondition(LeaseEpoch: lease.Epoch), Ct);

        var more = await work.Log.SettleAsync(lease, reply.LastSequence, Ct);

        Assert.False(more);
        var session = (await work.Log.GetSessionAsync(id, Ct))!;
        Assert.Equal((null, null, lease.Epoch, 3L), (session.LeaseHolder, session.LeaseExpiresAt, session.LeaseEpoch, session.LastSequence));
        Assert.Null(await work.Log.ClaimNextAsync("worker", s_lease, Ct));

        await work.Log.AppendAsync(id, [Message("again")], AppendCondition.None, Ct);
        var next = await work.Log.ClaimNextAsync("worker", s_lease, Ct);
        Assert.Equal((id, lease.Epoch + 1), (next?.SessionId, next?.Epoch));
    }

    [Fact]
    public async Task Settling_before_a_later_wake_returns_true_and_the_session_is_claimable_again()
    {
        await using var work = await OpenWorkAsync();
        var id = await CreateSessionAsync(work.Log);
        await work.Log.AppendAsync(id, [Message("first")], AppendCondition.None, Ct);
        var lease = (await work.Log.ClaimNextAsync("worker-a", s_lease, Ct))!;
        var reply = await work.Log.AppendAsync(id, [Message("answer", EventTypes.AgentMessage)], new AppendCondition(LeaseEpoch: lease.Epoch), Ct);
        await work.Log.AppendAsync(id, [Message("second")], AppendCondition.None, Ct);

        var more = await work.Log.SettleAsync(lease, reply.LastSequence, Ct);
        var next = await work.Log.ClaimNextAsync("worker-b", s_lease, Ct);

        Assert.True(more);
        Assert.Equal((id, "worker-b", lease.Epoch + 1), (next?.SessionId, next?.Holder, next?.Epoch));
        Assert.False(await work.Log.SettleAsync(next!, 3, Ct));
        Assert.Null(await work.Log.ClaimNextAsync("worker-c", s_lease, Ct));
    }

    [Fact]
    public async Task Settle_with_a_stale_lease_returns_false_and_changes_nothing()
    {
        await using var work = await OpenWorkAsync();
        var id = await CreateSessionAsync(work.Log);
        await work.Log.AppendAsync(id, [Message("hello")], AppendCondition.None, Ct);
        var old = (await work.Log.ClaimNextAsync("worker-a", s_lease, Ct))!;
        work.Time.Advance(s_lease);
        var current = (await work.Log.ClaimNextAsync("worker-b", s_lease, Ct))!;
        var before = await work.Log.GetSessionAsync(id, Ct);

        var settled = await work.Log.SettleAsync(old, 1, Ct);

        Assert.False(settled);
        Assert.Equal(before, await work.Log.GetSessionAsync(id, Ct));
        Assert.True(await work.Log.RenewLeaseAsync(current, s_lease, Ct));

        // The work through sequence 1 is still unsettled: the current holder settling through 0 is told so.
        Assert.True(await work.Log.SettleAsync(current, 0, Ct));
        Assert.Equal(id, (await work.Log.ClaimNextAsync("worker-c", s_lease, Ct))?.SessionId);
    }

    [Fact]
    public async Task Expired_lease_on_unsettled_work_goes_to_another_holder_and_fences_the_old_one()
    {
        await using var work = await OpenWorkAsync();
        var id = await CreateSessionAsync(work.Log);
        await work.Log.AppendAsync(id, [Message("hello")], AppendCondition.None, Ct);
        var dead = (await work.Log.ClaimNextAsync("worker-a", s_lease, Ct))!;
        await work.Log.AppendAsync(id, [Message("partial", EventTypes.AgentMessage)], new AppendCondition(LeaseEpoch: dead.Epoch), Ct);

        work.Time.Advance(s_lease - TimeSpan.FromMilliseconds(1));
        Assert.Null(await work.Log.ClaimNextAsync("worker-b", s_lease, Ct));
        work.Time.Advance(TimeSpan.FromMilliseconds(1));
        var successor = await work.Log.ClaimNextAsync("worker-b", s_lease, Ct);

        Assert.Equal((id, "worker-b", dead.Epoch + 1), (successor?.SessionId, successor?.Holder, successor?.Epoch));
        var stale = await Assert.ThrowsAsync<StaleLeaseException>(
            () => work.Log.AppendAsync(id, [Message("late", EventTypes.AgentMessage)], new AppendCondition(LeaseEpoch: dead.Epoch), Ct));
        Assert.Equal((dead.Epoch, successor!.Epoch), (stale.Epoch, stale.CurrentEpoch));
        Assert.False(await work.Log.RenewLeaseAsync(dead, s_lease, Ct));
        Assert.False(await work.Log.SettleAsync(dead, 2, Ct));
        await work.Log.AppendAsync(id, [Message("resumed", EventTypes.AgentMessage)], new AppendCondition(LeaseEpoch: successor.Epoch), Ct);
        Assert.Equal(["hello", "partial", "resumed"], (await work.Log.ReadAsync(id, EventSlice.Forward(0, 10), Ct)).Select(TextOf));
        Assert.False(await work.Log.SettleAsync(successor, 3, Ct));
    }

    [Fact]
    public async Task Lapsed_leases_are_claimed_oldest_first_after_free_sessions()
    {
        await using var work = await OpenWorkAsync();
        var lapsedLater = await CreateSessionAsync(work.Log);
        var lapsedEarlier = await CreateSessionAsync(work.Log);
        await work.Log.AppendAsync(lapsedLater, [Message("x")], AppendCondition.None, Ct);
        await work.Log.AppendAsync(lapsedEarlier, [Message("x")], AppendCondition.None, Ct);
        await work.Log.TryAcquireLeaseAsync(lapsedLater, "dead", TimeSpan.FromSeconds(20), Ct);
        await work.Log.TryAcquireLeaseAsync(lapsedEarlier, "dead", TimeSpan.FromSeconds(10), Ct);
        work.Time.Advance(TimeSpan.FromSeconds(30));
        var free = await CreateSessionAsync(work.Log);
        await work.Log.AppendAsync(free, [Message("x")], AppendCondition.None, Ct);

        var order = new List<string>();
        while (await work.Log.ClaimNextAsync("worker", s_lease, Ct) is { } lease)
        {
            order.Add(lease.SessionId);
        }

        Assert.Equal([free, lapsedEarlier, lapsedLater], order);
    }

    [Fact]
    public async Task Settled_sequence_never_moves_back()
    {
        await using var work = await OpenWorkAsync();
        var id = await CreateSessionAsync(work.Log);
        await work.Log.AppendAsync(id, [Message("a"), Message("b"), Message("c")], AppendCondition.None, Ct);
        var lease = (await work.Log.ClaimNextAsync("worker", s_lease, Ct))!;
        Assert.False(await work.Log.SettleAsync(lease, 3, Ct));

        var later = (await work.Log.TryAcquireLeaseAsync(id, "other", s_lease, Ct))!;

        Assert.False(await work.Log.SettleAsync(later, 1, Ct));
        Assert.Null(await work.Log.ClaimNextAsync("worker", s_lease, Ct));
    }

    [Fact]
    public async Task Settling_past_the_end_of_the_log_does_not_swallow_later_work()
    {
        await using var work = await OpenWorkAsync();
        var id = await CreateSessionAsync(work.Log);
        await work.Log.AppendAsync(id, [Message("a")], AppendCondition.None, Ct);
        var lease = (await work.Log.ClaimNextAsync("worker", s_lease, Ct))!;
        Assert.False(await work.Log.SettleAsync(lease, 100, Ct));

        await work.Log.AppendAsync(id, [Message("b")], AppendCondition.None, Ct);

        Assert.Equal(id, (await work.Log.ClaimNextAsync("worker", s_lease, Ct))?.SessionId);
    }

    [Fact]
    public async Task Concurrent_claimers_each_get_a_different_session_and_together_get_them_all()
    {
        await using var work = await OpenWorkAsync();
        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            var id = await CreateSessionAsync(work.Log);
            await work.Log.AppendAsync(id, [Message("go")], AppendCondition.None, Ct);
            ids.Add(id);
        }

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claimers = Enumerable.Range(0, 8).Select(n => Task.Run(async () =>
        {
            await start.Task;
            var mine = new List<SessionLease>();
            while (await work.Log.ClaimNextAsync($"worker-{n}", s_lease, Ct) is { } lease)
            {
                mine.Add(lease);
            }

            return mine;
        }, Ct)).ToArray();
        start.SetResult();
        var claims = (await Task.WhenAll(claimers)).SelectMany(c => c).ToList();

        Assert.Equal(ids.Order(), claims.Select(c => c.SessionId).Order());
        foreach (var claim in claims)
        {
            var session = (await work.Log.GetSessionAsync(claim.SessionId, Ct))!;
            Assert.Equal((claim.Holder, claim.Epoch), (session.LeaseHolder, session.LeaseEpoch));
        }
    }

    private async Task<WorkLog> OpenWorkAsync()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        return new WorkLog(await fixture.OpenAsync("work" + Guid.NewGuid().ToString("N")[..8], time), time);
    }

    /// <summary>A store over a database of its own, on a clock the test moves.</summary>
    private sealed record WorkLog(ISessionLog Log, FakeTimeProvider Time) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Log is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
    }
}
