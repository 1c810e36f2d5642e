using Drover.Sessions;
using static Drover.Storage.Tests.TestEvents;

namespace Drover.Storage.Tests;

public abstract partial class SessionLogConformanceTests
{
    [Fact]
    public async Task Tail_yields_history_after_the_position_then_new_events_as_they_commit()
    {
        var id = await CreateSessionAsync();
        await Log.AppendAsync(id, Messages(3, "old"), AppendCondition.None, Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));

        await using var tail = Log.TailAsync(id, 1, cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await tail.MoveNextAsync());
        Assert.Equal(2, tail.Current.Sequence);
        Assert.True(await tail.MoveNextAsync());
        Assert.Equal(3, tail.Current.Sequence);

        var next = tail.MoveNextAsync().AsTask();
        Assert.False(next.IsCompleted);
        await Log.AppendAsync(id, [Message("new")], AppendCondition.None, Ct);
        Assert.True(await next);
        Assert.Equal((4L, "new"), (tail.Current.Sequence, TextOf(tail.Current)));
    }

    [Fact]
    public async Task Tail_stops_when_cancelled()
    {
        var id = await CreateSessionAsync();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var tail = Log.TailAsync(id, 0, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = tail.MoveNextAsync().AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        await tail.DisposeAsync();
    }

    [Fact]
    public async Task Tails_see_every_event_exactly_once_under_many_concurrent_writers()
    {
        var id = await CreateSessionAsync();
        const int Writers = 8;
        const int AppendsPerWriter = 60;
        var total = Writers * AppendsPerWriter * 2;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(60));

        async Task<List<long>> CollectAsync(long after)
        {
            var seen = new List<long>();
            await foreach (var e in Log.TailAsync(id, after, cts.Token))
            {
                seen.Add(e.Sequence);
                if (e.Sequence == total)
                {
                    break;
                }
            }

            return seen;
        }

        var early = Task.Run(() => CollectAsync(0), cts.Token);
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(
            async () =>
            {
                for (var i = 0; i < AppendsPerWriter; i++)
                {
                    await Log.AppendAsync(id, [Message($"{w}.{i}"), Message($"{w}.{i}b")], AppendCondition.None, cts.Token);
                }
            },
            cts.Token)).ToList();
        await Task.Delay(5, Ct);
        var late = Task.Run(() => CollectAsync(0), cts.Token);
        var fromMiddle = Task.Run(() => CollectAsync(100), cts.Token);
        await Task.WhenAll(writers);

        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), await early);
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), await late);
        Assert.Equal(Enumerable.Range(101, total - 100).Select(i => (long)i), await fromMiddle);
    }

    [Fact]
    public async Task Tail_from_the_end_waits_for_the_next_event_only()
    {
        var id = await CreateSessionAsync();
        await Log.AppendAsync(id, Messages(4), AppendCondition.None, Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));

        await using var tail = Log.TailAsync(id, 4, cts.Token).GetAsyncEnumerator(cts.Token);
        var next = tail.MoveNextAsync().AsTask();
        await Log.AppendAsync(id, [Message("fifth")], AppendCondition.None, Ct);

        Assert.True(await next);
        Assert.Equal(5, tail.Current.Sequence);
    }

    [Fact]
    public async Task Deleting_a_session_ends_its_tails_and_removes_its_events()
    {
        var id = await CreateSessionAsync();
        var other = await CreateSessionAsync();
        await Log.AppendAsync(id, Messages(3), AppendCondition.None, Ct);
        await Log.AppendAsync(other, Messages(2), AppendCondition.None, Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        var seen = new List<long>();
        var tail = Task.Run(
            async () =>
            {
                await foreach (var e in Log.TailAsync(id, 0, cts.Token))
                {
                    seen.Add(e.Sequence);
                }
            },
            cts.Token);
        while (Volatile.Read(ref seen).Count < 3 && !tail.IsCompleted)
        {
            await Task.Delay(5, Ct);
        }

        Assert.True(await Log.DeleteSessionAsync(id, Ct));
        await tail;

        Assert.Equal([1, 2, 3], seen);
        Assert.Null(await Log.GetSessionAsync(id, Ct));
        Assert.False(await Log.DeleteSessionAsync(id, Ct));
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Log.AppendAsync(id, [Message("late")], AppendCondition.None, Ct));
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Log.ReadAsync(id, EventSlice.Forward(0, 10), Ct));
        Assert.Equal(2, (await Log.ReadAsync(other, EventSlice.Forward(0, 10), Ct)).Count);
    }
}
