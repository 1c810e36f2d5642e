using Drover.Sessions;
using static Drover.Storage.Tests.TestEvents;

namespace Drover.Storage.Tests;

public abstract partial class SessionLogConformanceTests
{
    [Fact]
    public async Task Batch_with_a_malformed_event_stores_nothing()
    {
        var id = await CreateSessionAsync();
        await Log.AppendAsync(id, [Message("before")], AppendCondition.None, Ct);

        var same = Message("same");
        NewEvent[][] bad =
        [
            [Message("ok"), new NewEvent("sevt_bad1", "user.message", "{not json")],
            [Message("ok"), new NewEvent("sevt_bad2", "user.message", "[1,2]")],
            [Message("ok"), new NewEvent("sevt_bad3", "user.message", """{"type":"agent.message"}""")],
            [Message("ok"), new NewEvent("sevt_bad4", "user.message", """{"type":"user.message","id":"sevt_other"}""")],
            [Message("ok"), new NewEvent("", "user.message", """{"type":"user.message"}""")],
            [Message("ok"), new NewEvent("sevt_bad5", "user.message", """{"type":"user.message"} {}""")],
            [Message("ok"), new NewEvent("sevt_bad6", "user.message", """{"id":"sevt_bad6","content":[1,}""")],
            [Message("ok"), new NewEvent("sevt_bad7", "user.message", """{"type":7}""")],
            [same, same],
            [],
        ];
        foreach (var batch in bad)
        {
            await Assert.ThrowsAsync<InvalidEventException>(() => Log.AppendAsync(id, batch, AppendCondition.None, Ct));
        }

        var events = await Log.ReadAsync(id, EventSlice.Forward(0, 100), Ct);
        Assert.Equal(["before"], events.Select(TextOf));
        Assert.Equal(1, (await Log.GetSessionAsync(id, Ct))!.LastSequence);
    }

    [Fact]
    public async Task Oversized_event_is_refused_as_too_large_and_nothing_is_stored()
    {
        var id = await CreateSessionAsync();
        var huge = Message(new string('x', new SessionLogOptions().MaxEventBytes + 1));

        var error = await Assert.ThrowsAsync<InvalidEventException>(() => Log.AppendAsync(id, [Message("ok"), huge], AppendCondition.None, Ct));

        Assert.True(error.TooLarge);
        Assert.Empty(await Log.ReadAsync(id, EventSlice.Forward(0, 10), Ct));
    }

    [Fact]
    public async Task Duplicate_event_id_fails_alone_and_leaves_concurrent_appends_intact()
    {
        var id = await CreateSessionAsync();
        var original = Message("original");
        await Log.AppendAsync(id, [original], AppendCondition.None, Ct);

        // The duplicate shares a group commit with good appends; only it may fail, and wholly.
        var good = Enumerable.Range(0, 20).Select(i => Log.AppendAsync(id, [Message($"g{i}")], AppendCondition.None, Ct)).ToList();
        var duplicate = Log.AppendAsync(id, [Message("first-half"), original with { }], AppendCondition.None, Ct);
        await Task.WhenAll(good);

        await Assert.ThrowsAsync<InvalidEventException>(() => duplicate);
        var events = await Log.ReadAsync(id, EventSlice.Forward(0, 100), Ct);
        Assert.Equal(21, events.Count);
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.DoesNotContain("first-half", events.Select(TextOf));
    }

    [Fact]
    public async Task Large_and_unicode_payloads_round_trip_exactly()
    {
        var id = await CreateSessionAsync();
        var unicode = "naïve café — 日本語 — 🚀👩‍💻 — עברית — \u0301e — \"quoted\" \\ back\nline\ttab";
        var large = string.Concat(Enumerable.Repeat(unicode, 7_000));
        var events = new[] { Message(unicode), Message(large) };

        await Log.AppendAsync(id, events, AppendCondition.None, Ct);

        var stored = await Log.ReadAsync(id, EventSlice.Forward(0, 10), Ct);
        Assert.Equal(events.Select(e => e.Json), stored.Select(e => e.Json));
        Assert.Equal(large, TextOf(stored[1]));
        Assert.True(stored[1].Json.Length > 400_000);
        Assert.Contains("日本語", stored[0].Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_appenders_with_expected_sequence_win_each_sequence_exactly_once()
    {
        var id = await CreateSessionAsync();
        const int Writers = 16;
        const int AppendsPerWriter = 15;
        var conflicts = 0;

        async Task WriteAsync(int writer)
        {
            for (var done = 0; done < AppendsPerWriter;)
            {
                var last = (await Log.GetSessionAsync(id, Ct))!.LastSequence;
                try
                {
                    await Log.AppendAsync(id, [Message($"w{writer}-{done}"), Message($"w{writer}-{done}b")], new AppendCondition(last), Ct);
                    done++;
                }
                catch (SequenceConflictException)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(() => WriteAsync(w), Ct)));

        var events = await Log.ReadAsync(id, EventSlice.Forward(0, 1000), Ct);
        Assert.Equal(Enumerable.Range(1, Writers * AppendsPerWriter * 2).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(Writers * AppendsPerWriter, events.Select(TextOf).Where(t => !t.EndsWith('b')).Distinct().Count());

        // Each pair stays together: a batch is atomic and contiguous.
        for (var i = 0; i < events.Count; i += 2)
        {
            Assert.Equal(TextOf(events[i]) + "b", TextOf(events[i + 1]));
        }

        Assert.True(conflicts > 0, "16 racing writers should have collided at least once.");
    }
}
