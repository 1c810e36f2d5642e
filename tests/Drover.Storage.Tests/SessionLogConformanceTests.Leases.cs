using Drover.Sessions;
using static Drover.Storage.Tests.TestEvents;

namespace Drover.Storage.Tests;

public abstract partial class SessionLogConformanceTests
{
    private static readonly TimeSpan s_long = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Lease_is_exclusive_until_it_expires_and_each_holder_gets_a_higher_epoch()
    {
        var id = await CreateSessionAsync();

        var first = await Log.TryAcquireLeaseAsync(id, "worker-a", TimeSpan.Zero, Ct);
        var second = await Log.TryAcquireLeaseAsync(id, "worker-b", s_long, Ct);
        var third = await Log.TryAcquireLeaseAsync(id, "worker-c", s_long, Ct);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(third);
        Assert.Equal(first.Epoch + 1, second.Epoch);
        var session = await Log.GetSessionAsync(id, Ct);
        Assert.Equal(("worker-b", second.Epoch), (session!.LeaseHolder, session.LeaseEpoch));
    }

    [Fact]
    public async Task Append_with_a_stale_epoch_is_refused_and_stores_nothing()
    {
        var id = await CreateSessionAsync();
        var zombie = (await Log.TryAcquireLeaseAsync(id, "zombie", TimeSpan.Zero, Ct))!;
        await Log.AppendAsync(id, [Message("by zombie")], new AppendCondition(LeaseEpoch: zombie.Epoch), Ct);
        var successor = (await Log.TryAcquireLeaseAsync(id, "successor", s_long, Ct))!;

        var stale = await Assert.ThrowsAsync<StaleLeaseException>(
            () => Log.AppendAsync(id, [Message("late")], new AppendCondition(LeaseEpoch: zombie.Epoch), Ct));
        await Log.AppendAsync(id, [Message("by successor")], new AppendCondition(LeaseEpoch: successor.Epoch), Ct);

        Assert.Equal((zombie.Epoch, successor.Epoch), (stale.Epoch, stale.CurrentEpoch));
        Assert.Equal(["by zombie", "by successor"], (await Log.ReadAsync(id, EventSlice.Forward(0, 10), Ct)).Select(TextOf));
        Assert.False(await Log.RenewLeaseAsync(zombie, s_long, Ct));
    }

    [Fact]
    public async Task Stale_lease_cannot_release_its_successor()
    {
        var id = await CreateSessionAsync();
        var old = (await Log.TryAcquireLeaseAsync(id, "a", TimeSpan.Zero, Ct))!;
        var current = (await Log.TryAcquireLeaseAsync(id, "b", s_long, Ct))!;

        await Log.ReleaseLeaseAsync(old, Ct);

        Assert.Equal("b", (await Log.GetSessionAsync(id, Ct))!.LeaseHolder);
        Assert.True(await Log.RenewLeaseAsync(current, s_long, Ct));
        Assert.Null(await Log.TryAcquireLeaseAsync(id, "c", s_long, Ct));
    }

    [Fact]
    public async Task Released_lease_is_free_and_the_next_epoch_is_higher()
    {
        var id = await CreateSessionAsync();
        var first = (await Log.TryAcquireLeaseAsync(id, "a", s_long, Ct))!;

        await Log.ReleaseLeaseAsync(first, Ct);
        var next = await Log.TryAcquireLeaseAsync(id, "b", s_long, Ct);

        Assert.NotNull(next);
        Assert.True(next.Epoch > first.Epoch);
        Assert.False(await Log.RenewLeaseAsync(first, s_long, Ct));
    }

    [Fact]
    public async Task Appends_without_an_epoch_are_accepted_while_a_lease_is_held()
    {
        var id = await CreateSessionAsync();
        await Log.TryAcquireLeaseAsync(id, "harness", s_long, Ct);

        var result = await Log.AppendAsync(id, [Message("from the API")], AppendCondition.None, Ct);

        Assert.Equal(1, result.LastSequence);
    }
}
