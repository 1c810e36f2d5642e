using Drover.Sessions;
using static Drover.Storage.Tests.TestEvents;

namespace Drover.Storage.Tests;

public abstract partial class SessionLogConformanceTests
{
    [Fact]
    public async Task Forward_slices_start_after_the_cursor_and_respect_the_limit()
    {
        var id = await CreateSessionAsync();
        await Log.AppendAsync(id, Messages(10), AppendCondition.None, Ct);

        var page1 = await Log.ReadAsync(id, EventSlice.Forward(0, 4), Ct);
        var page2 = await Log.ReadAsync(id, EventSlice.Forward(page1[^1].Sequence, 4), Ct);
        var page3 = await Log.ReadAsync(id, EventSlice.Forward(page2[^1].Sequence, 4), Ct);
        var past = await Log.ReadAsync(id, EventSlice.Forward(10, 4), Ct);

        Assert.Equal([1, 2, 3, 4], page1.Select(e => e.Sequence));
        Assert.Equal([5, 6, 7, 8], page2.Select(e => e.Sequence));
        Assert.Equal([9, 10], page3.Select(e => e.Sequence));
        Assert.Empty(past);
    }

    [Fact]
    public async Task Backward_slices_go_newest_first_before_the_cursor()
    {
        var id = await CreateSessionAsync();
        await Log.AppendAsync(id, Messages(10), AppendCondition.None, Ct);

        var newest = await Log.ReadAsync(id, EventSlice.Backward(long.MaxValue, 3), Ct);
        var before = await Log.ReadAsync(id, EventSlice.Backward(newest[^1].Sequence, 3), Ct);
        var start = await Log.ReadAsync(id, EventSlice.Backward(3, 100), Ct);

        Assert.Equal([10, 9, 8], newest.Select(e => e.Sequence));
        Assert.Equal([7, 6, 5], before.Select(e => e.Sequence));
        Assert.Equal([2, 1], start.Select(e => e.Sequence));
    }

    [Fact]
    public async Task Slices_can_filter_by_type()
    {
        var id = await CreateSessionAsync();
        await Log.AppendAsync(id, [Message("u1"), Message("a1", "agent.message"), Message("s1", "session.status_idle"), Message("a2", "agent.message")], AppendCondition.None, Ct);

        var agent = await Log.ReadAsync(id, new EventSlice(0, ReadDirection.Forward, 10, ["agent.message"]), Ct);
        var two = await Log.ReadAsync(id, new EventSlice(long.MaxValue, ReadDirection.Backward, 10, ["user.message", "session.status_idle"]), Ct);
        var none = await Log.ReadAsync(id, new EventSlice(0, ReadDirection.Forward, 10, ["nothing.here"]), Ct);

        Assert.Equal(["a1", "a2"], agent.Select(TextOf));
        Assert.Equal(["s1", "u1"], two.Select(TextOf));
        Assert.Empty(none);
    }

    [Fact]
    public async Task Slices_can_bound_the_append_time()
    {
        var id = await CreateSessionAsync();
        var early = await Log.AppendAsync(id, [Message("early")], AppendCondition.None, Ct);
        AppendResult late;
        do
        {
            // Appends in the same millisecond share a time; keep going until the clock has moved on.
            late = await Log.AppendAsync(id, [Message("late")], AppendCondition.None, Ct);
        }
        while (late.AppendedAt <= early.AppendedAt);

        var fromLate = await Log.ReadAsync(id, EventSlice.Forward(0, 1000) with { AppendedFrom = late.AppendedAt }, Ct);
        var beforeLate = await Log.ReadAsync(id, EventSlice.Forward(0, 1000) with { AppendedBefore = late.AppendedAt }, Ct);
        var between = await Log.ReadAsync(id, EventSlice.Backward(long.MaxValue, 1000) with { AppendedFrom = early.AppendedAt, AppendedBefore = late.AppendedAt.AddMilliseconds(1) }, Ct);

        Assert.Equal(["late"], fromLate.Select(TextOf).Distinct());
        Assert.Equal(late.LastSequence, fromLate[^1].Sequence);
        Assert.All(beforeLate, e => Assert.True(e.AppendedAt < late.AppendedAt));
        Assert.Equal("early", TextOf(beforeLate[0]));
        Assert.Equal(late.LastSequence, between.Count);
    }

    [Fact]
    public async Task Events_survive_closing_and_reopening_the_store()
    {
        var database = "reopen" + Guid.NewGuid().ToString("N")[..8];
        string id;
        var log = await fixture.OpenAsync(database);
        await using (log as IAsyncDisposable)
        {
            id = await CreateSessionAsync(log);
            await log.AppendAsync(id, Messages(5, "keep"), AppendCondition.None, Ct);
            await log.TryAcquireLeaseAsync(id, "h", TimeSpan.FromMinutes(1), Ct);
        }

        var reopened = await fixture.OpenAsync(database);
        await using (reopened as IAsyncDisposable)
        {
            var events = await reopened.ReadAsync(id, EventSlice.Forward(0, 100), Ct);
            Assert.Equal(["keep0", "keep1", "keep2", "keep3", "keep4"], events.Select(TextOf));
            var session = await reopened.GetSessionAsync(id, Ct);
            Assert.Equal((5L, 1L, "h"), (session!.LastSequence, session.LeaseEpoch, session.LeaseHolder));
            var next = await reopened.AppendAsync(id, [Message("after")], AppendCondition.None, Ct);
            Assert.Equal(6, next.FirstSequence);
        }
    }
}
