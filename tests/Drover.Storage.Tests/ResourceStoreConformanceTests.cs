using Drover.Resources;

namespace Drover.Storage.Tests;

/// <summary>The behaviour every resource store must have; each store runs it through a subclass.</summary>
public abstract partial class ResourceStoreConformanceTests(IResourceStoreFixture fixture)
{
    /// <summary>2026-01-01T00:00:00Z, a whole millisecond.</summary>
    protected static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_767_225_600_000);

    protected IResourceStore Store => fixture.Store;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A kind of its own, so that a test's lists hold only its own resources.</summary>
    protected static string NewKind() => $"k{Guid.NewGuid():N}";

    protected static ResourceRecord NewRecord(string kind, string id, string data = "{}", DateTimeOffset? createdAt = null, string? uniqueName = null) =>
        new(kind, id, 1, uniqueName, createdAt ?? T0, createdAt ?? T0, null, data);

    protected Task<ResourceRecord> CreateAsync(string kind, string id, string data = "{}", DateTimeOffset? createdAt = null, string? uniqueName = null) =>
        Store.CreateAsync(NewRecord(kind, id, data, createdAt, uniqueName), Ct);

    [Fact]
    public async Task Create_then_get_returns_the_record_as_stored()
    {
        var kind = NewKind();
        var created = await Store.CreateAsync(new ResourceRecord(kind, "agent_1", 1, null, T0, T0.AddSeconds(1), null, """{"name":"a","n":1}"""), Ct);

        Assert.Equal(new ResourceRecord(kind, "agent_1", 1, null, T0, T0.AddSeconds(1), null, """{"name":"a","n":1}""") { Revision = 1 }, created);
        Assert.Equal(created, await Store.GetAsync(kind, "agent_1", cancellationToken: Ct));
        Assert.Equal(created, await Store.GetAsync(kind, "agent_1", 1, Ct));
        Assert.Null(await Store.GetAsync(kind, "agent_1", 2, Ct));
        Assert.Null(await Store.GetAsync(kind, "agent_2", cancellationToken: Ct));
        Assert.Null(await Store.GetAsync(NewKind(), "agent_1", cancellationToken: Ct));
    }

    [Fact]
    public async Task Creating_an_existing_id_is_refused_and_changes_nothing()
    {
        var kind = NewKind();
        var original = await CreateAsync(kind, "env_1", """{"v":1}""");

        var ex = await Assert.ThrowsAsync<ResourceAlreadyExistsException>(() => CreateAsync(kind, "env_1", """{"v":2}""", uniqueName: "fresh"));

        Assert.Equal((kind, "env_1"), (ex.Kind, ex.Id));
        Assert.Equal(original, await Store.GetAsync(kind, "env_1", cancellationToken: Ct));
        Assert.Null(await Store.FindByUniqueNameAsync(kind, "fresh", Ct));
        await CreateAsync(NewKind(), "env_1");
    }

    [Fact]
    public async Task Create_checks_its_arguments()
    {
        var kind = NewKind();
        await Assert.ThrowsAsync<ArgumentException>(() => Store.CreateAsync(NewRecord(kind, "a") with { Version = 2 }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(kind, "a", "[]"));
        await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(kind, "a", "{"));
        await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(kind, "a", "{} {}"));
        await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(kind, "a", uniqueName: ""));
        await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync(kind, ""));
        await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync("Agent", "a"));
        await Assert.ThrowsAsync<ArgumentException>(() => CreateAsync("agent;", "a"));
        Assert.Null(await Store.GetAsync(kind, "a", cancellationToken: Ct));
    }

    [Fact]
    public async Task Times_are_kept_to_the_millisecond_in_utc()
    {
        var kind = NewKind();
        var created = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var updated = created.AddTicks(9_999);
        var archived = created.AddDays(1).AddTicks(5);

        var stored = await Store.CreateAsync(new ResourceRecord(kind, "a", 1, null, created, updated, archived, "{}"), Ct);
        var got = await Store.GetAsync(kind, "a", cancellationToken: Ct);

        Assert.Equal(stored, got);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(created.ToUnixTimeMilliseconds()), got!.CreatedAt);
        Assert.Equal(TimeSpan.Zero, got.CreatedAt.Offset);
        Assert.Equal(0, got.CreatedAt.UtcTicks % TimeSpan.TicksPerMillisecond);
        Assert.Equal(created.ToUnixTimeMilliseconds() + 1, got.UpdatedAt.ToUnixTimeMilliseconds());
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(archived.ToUnixTimeMilliseconds()), got.ArchivedAt);
        Assert.Equal(TimeSpan.Zero, got.ArchivedAt!.Value.Offset);
    }

    [Fact]
    public async Task Data_round_trips_byte_for_byte()
    {
        var kind = NewKind();
        var big = string.Concat(Enumerable.Repeat("Grüße, 世界! 🚀 \\\"quoted\\\" \\u00e9 ", 40_000));
        var data = $$"""
            {  "z" : 1.50, "a":[ 1e2, -0.0, true,null ],
              "text": "héllo ✓ 𝄞 \u00e9 \n\t",
              "big": "{{big}}"  }
            """;

        await CreateAsync(kind, "a", data, uniqueName: "名前");

        Assert.True(data.Length > 1_000_000);
        Assert.Equal(data, (await Store.GetAsync(kind, "a", cancellationToken: Ct))?.Data);
        Assert.Equal(data, (await Store.FindByUniqueNameAsync(kind, "名前", Ct))?.Data);
        Assert.Equal(data, Assert.Single((await Store.ListAsync(kind, new ResourceQuery(), Ct)).Items).Data);
    }

    [Fact]
    public async Task Resources_survive_reopening_the_store()
    {
        var name = $"durable_{Guid.NewGuid():N}"[..16];
        var kind = NewKind();
        ResourceRecord first;
        ResourceRecord second;
        var store = await fixture.OpenAsync(name);
        try
        {
            first = await store.CreateAsync(NewRecord(kind, "a", """{"v":1}""", uniqueName: "name_a"), Ct);
            second = await store.CreateAsync(NewRecord(kind, "b", """{"v":1}""", T0.AddMilliseconds(1)), Ct);
            second = await store.UpdateAsync(second with { Data = """{"v":2}""" }, 1, newVersion: true, Ct);
        }
        finally
        {
            await ((IAsyncDisposable)store).DisposeAsync();
        }

        store = await fixture.OpenAsync(name);
        try
        {
            Assert.Equal(first, await store.GetAsync(kind, "a", cancellationToken: Ct));
            Assert.Equal(first, await store.FindByUniqueNameAsync(kind, "name_a", Ct));
            Assert.Equal(second, await store.GetAsync(kind, "b", cancellationToken: Ct));
            Assert.Equal("""{"v":1}""", (await store.GetAsync(kind, "b", 1, Ct))?.Data);
            Assert.Equal([first, second], (await store.ListAsync(kind, new ResourceQuery(), Ct)).Items);
        }
        finally
        {
            await ((IAsyncDisposable)store).DisposeAsync();
        }
    }

    [Fact]
    public async Task Delete_removes_every_version()
    {
        var kind = NewKind();
        var created = await CreateAsync(kind, "a", uniqueName: "n");
        var v2 = await Store.UpdateAsync(created with { Data = """{"v":2}""" }, 1, newVersion: true, Ct);
        await Store.UpdateAsync(v2 with { Data = """{"v":3}""" }, 2, newVersion: true, Ct);
        await CreateAsync(kind, "b");

        Assert.True(await Store.DeleteAsync(kind, "a", Ct));

        Assert.Null(await Store.GetAsync(kind, "a", cancellationToken: Ct));
        Assert.Null(await Store.GetAsync(kind, "a", 1, Ct));
        Assert.Null(await Store.FindByUniqueNameAsync(kind, "n", Ct));
        Assert.Empty((await Store.ListVersionsAsync(kind, "a", cancellationToken: Ct)).Items);
        Assert.Equal(["b"], (await Store.ListAsync(kind, new ResourceQuery(), Ct)).Items.Select(r => r.Id));
        Assert.False(await Store.DeleteAsync(kind, "a", Ct));
        Assert.False(await Store.DeleteAsync(NewKind(), "b", Ct));
        Assert.Equal(1, (await CreateAsync(kind, "a", uniqueName: "n")).Version);
    }
}
