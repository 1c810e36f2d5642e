using Drover.Sessions;
using static Drover.Storage.Tests.TestEvents;

namespace Drover.Storage.Tests;

/// <summary>The behaviour every session log store must have; each store runs it through a subclass.</summary>
public abstract partial class SessionLogConformanceTests(ISessionLogFixture fixture)
{
    protected ISessionLog Log => fixture.Log;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected async Task<string> CreateSessionAsync(ISessionLog? log = null)
    {
        var id = NewSessionId();
        await (log ?? Log).CreateSessionAsync(new NewSession(id, """{"title":"t"}"""), Ct);
        return id;
    }

    [Fact]
    public async Task Create_then_get_returns_the_session_with_no_events()
    {
        var id = NewSessionId();
        var created = await Log.CreateSessionAsync(new NewSession(id, """{"title":"héllo ✓"}"""), Ct);

        var got = await Log.GetSessionAsync(id, Ct);

        Assert.NotNull(got);
        Assert.Equal(created, got);
        Assert.Equal(0, got.LastSequence);
        Assert.Equal("""{"title":"héllo ✓"}""", got.Data);
        Assert.Empty(await Log.ReadAsync(id, EventSlice.Forward(0, 10), Ct));
    }

    [Fact]
    public async Task Creating_an_existing_session_is_refused()
    {
        var id = await CreateSessionAsync();
        await Assert.ThrowsAsync<SessionAlreadyExistsException>(() => Log.CreateSessionAsync(new NewSession(id, "{}"), Ct));
    }

    [Fact]
    public async Task Unknown_session_is_null_on_get_and_an_error_elsewhere()
    {
        var id = NewSessionId();
        Assert.Null(await Log.GetSessionAsync(id, Ct));
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Log.AppendAsync(id, [Message("x")], AppendCondition.None, Ct));
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Log.ReadAsync(id, EventSlice.Forward(0, 10), Ct));
        await Assert.ThrowsAsync<SessionNotFoundException>(async () =>
        {
            await foreach (var e in Log.TailAsync(id, 0, Ct))
            {
                Assert.Fail($"Tail of an unknown session yielded {e.Id}.");
            }
        });
        await Assert.ThrowsAsync<SessionNotFoundException>(() => Log.TryAcquireLeaseAsync(id, "w", TimeSpan.FromSeconds(5), Ct));
    }

    [Fact]
    public async Task Appends_get_contiguous_sequences_from_one_in_order()
    {
        var id = await CreateSessionAsync();

        var first = await Log.AppendAsync(id, [Message("a")], AppendCondition.None, Ct);
        var second = await Log.AppendAsync(id, [Message("b"), Message("c"), Message("d")], AppendCondition.None, Ct);

        Assert.Equal((1, 1), (first.FirstSequence, first.LastSequence));
        Assert.Equal((2, 4), (second.FirstSequence, second.LastSequence));
        var events = await Log.ReadAsync(id, EventSlice.Forward(0, 100), Ct);
        Assert.Equal([1, 2, 3, 4], events.Select(e => e.Sequence));
        Assert.Equal(["a", "b", "c", "d"], events.Select(TextOf));
        Assert.All(events, e => Assert.Equal(id, e.SessionId));
        Assert.Equal(4, (await Log.GetSessionAsync(id, Ct))!.LastSequence);
    }

    [Fact]
    public async Task Sessions_have_independent_sequences()
    {
        var a = await CreateSessionAsync();
        var b = await CreateSessionAsync();

        await Log.AppendAsync(a, Messages(3), AppendCondition.None, Ct);
        var inB = await Log.AppendAsync(b, [Message("b1")], AppendCondition.None, Ct);

        Assert.Equal(1, inB.FirstSequence);
        Assert.Single(await Log.ReadAsync(b, EventSlice.Forward(0, 100), Ct));
    }

    [Fact]
    public async Task Stored_event_keeps_id_type_and_json_byte_for_byte()
    {
        var id = await CreateSessionAsync();
        const string json = """{"type":"x.custom","id":"sevt_custom1","nested":{"a":[1,2.50,"\u00e9"]},  "z":null}""";

        await Log.AppendAsync(id, [new NewEvent("sevt_custom1", "x.custom", json)], AppendCondition.None, Ct);

        var stored = Assert.Single(await Log.ReadAsync(id, EventSlice.Forward(0, 10), Ct));
        Assert.Equal(("sevt_custom1", "x.custom", json), (stored.Id, stored.Type, stored.Json));
    }

    [Fact]
    public async Task Expected_sequence_guards_the_append()
    {
        var id = await CreateSessionAsync();
        await Log.AppendAsync(id, Messages(2), new AppendCondition(ExpectedLastSequence: 0), Ct);

        var conflict = await Assert.ThrowsAsync<SequenceConflictException>(
            () => Log.AppendAsync(id, Messages(2), new AppendCondition(ExpectedLastSequence: 1), Ct));
        var ok = await Log.AppendAsync(id, [Message("c")], new AppendCondition(ExpectedLastSequence: 2), Ct);

        Assert.Equal((1L, 2L), (conflict.ExpectedSequence, conflict.ActualSequence));
        Assert.Equal(3, ok.LastSequence);
        Assert.Equal(3, (await Log.ReadAsync(id, EventSlice.Forward(0, 100), Ct)).Count);
    }
}
