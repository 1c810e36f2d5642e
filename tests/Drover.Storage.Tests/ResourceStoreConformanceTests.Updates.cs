using Drover.Resources;

namespace Drover.Storage.Tests;

public abstract partial class ResourceStoreConformanceTests
{
    [Fact]
    public async Task A_versioned_update_adds_a_version_and_keeps_the_earlier_ones()
    {
        var kind = NewKind();
        var v1 = await CreateAsync(kind, "agent_1", """{"model":"a"}""");

        var v2 = await Store.UpdateAsync(
            v1 with { Data = """{"model":"b"}""", UpdatedAt = T0.AddSeconds(5), CreatedAt = T0.AddDays(9), Version = 42 },
            1,
            newVersion: true,
            Ct);

        Assert.Equal(new ResourceRecord(kind, "agent_1", 2, null, T0, T0.AddSeconds(5), null, """{"model":"b"}""") { Revision = 2 }, v2);
        Assert.Equal(v2, await Store.GetAsync(kind, "agent_1", cancellationToken: Ct));
        Assert.Equal(v2, await Store.GetAsync(kind, "agent_1", 2, Ct));
        Assert.Equal(v1, await Store.GetAsync(kind, "agent_1", 1, Ct));
    }

    [Fact]
    public async Task An_in_place_update_replaces_the_current_version()
    {
        var kind = NewKind();
        var v1 = await CreateAsync(kind, "sesn_1", """{"status":"idle"}""");

        var updated = await Store.UpdateAsync(
            v1 with { Data = """{"status":"running"}""", UpdatedAt = T0.AddSeconds(5), ArchivedAt = T0.AddSeconds(6), UniqueName = "n" },
            1,
            newVersion: false,
            Ct);

        Assert.Equal(new ResourceRecord(kind, "sesn_1", 1, "n", T0, T0.AddSeconds(5), T0.AddSeconds(6), """{"status":"running"}""") { Revision = 2 }, updated);
        Assert.Equal(updated, await Store.GetAsync(kind, "sesn_1", cancellationToken: Ct));
        Assert.Equal(updated, await Store.GetAsync(kind, "sesn_1", 1, Ct));
        Assert.Null(await Store.GetAsync(kind, "sesn_1", 2, Ct));
        Assert.Equal([updated], (await Store.ListVersionsAsync(kind, "sesn_1", cancellationToken: Ct)).Items);
    }

    [Fact]
    public async Task An_update_at_a_stale_version_is_refused_and_changes_nothing()
    {
        var kind = NewKind();
        var v1 = await CreateAsync(kind, "a", """{"v":1}""");
        var v2 = await Store.UpdateAsync(v1 with { Data = """{"v":2}""" }, 1, newVersion: true, Ct);

        var ex = await Assert.ThrowsAsync<ResourceVersionConflictException>(() => Store.UpdateAsync(v1 with { Data = """{"v":3}""", Revision = 0 }, 1, newVersion: true, Ct));

        Assert.Equal((kind, "a", 1, 2), (ex.Kind, ex.Id, ex.ExpectedVersion, ex.ActualVersion));
        Assert.Contains("version 2", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ResourceVersionConflictException>(() => Store.UpdateAsync(v1 with { Data = """{"v":3}""" }, 3, newVersion: false, Ct));
        Assert.Equal(v2, await Store.GetAsync(kind, "a", cancellationToken: Ct));
        Assert.Null(await Store.GetAsync(kind, "a", 3, Ct));
    }

    [Fact]
    public async Task An_update_of_a_record_read_before_another_write_is_refused()
    {
        var kind = NewKind();
        var read = await CreateAsync(kind, "sesn_1", """{"title":"t","status":"idle"}""");
        var first = await Store.UpdateAsync(read with { Data = """{"title":"t","status":"running"}""" }, 1, newVersion: false, Ct);

        var ex = await Assert.ThrowsAsync<ResourceVersionConflictException>(() => Store.UpdateAsync(read with { Data = """{"title":"u","status":"idle"}""" }, 1, newVersion: false, Ct));

        Assert.Equal((1, 1), (ex.ExpectedVersion, ex.ActualVersion));
        Assert.Equal(first, await Store.GetAsync(kind, "sesn_1", cancellationToken: Ct));

        var blind = await Store.UpdateAsync(read with { Data = """{"title":"u"}""", Revision = 0 }, 1, newVersion: false, Ct);
        Assert.Equal(3, blind.Revision);
        Assert.Equal(blind, await Store.GetAsync(kind, "sesn_1", cancellationToken: Ct));
    }

    [Fact]
    public async Task Updating_an_unknown_resource_is_refused()
    {
        var kind = NewKind();
        var ex = await Assert.ThrowsAsync<ResourceNotFoundException>(() => Store.UpdateAsync(NewRecord(kind, "nope"), 1, newVersion: false, Ct));
        Assert.Equal((kind, "nope"), (ex.Kind, ex.Id));
        await Assert.ThrowsAsync<ResourceNotFoundException>(() => Store.UpdateAsync(NewRecord(kind, "nope"), 1, newVersion: true, Ct));
        Assert.Null(await Store.GetAsync(kind, "nope", cancellationToken: Ct));
        Assert.Null(await Store.GetAsync(kind, "nope", 2, Ct));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Of_concurrent_updaters_from_one_read_exactly_one_wins(bool newVersion)
    {
        var kind = NewKind();
        var read = await CreateAsync(kind, "a", """{"writer":-1}""");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => TryUpdateAsync(Store, read, i, newVersion))));

        var winner = Assert.Single(outcomes, o => o is not null);
        Assert.Equal(winner, await Store.GetAsync(kind, "a", cancellationToken: Ct));
        Assert.Equal(newVersion ? 2 : 1, winner!.Version);
        Assert.Equal(2, winner.Revision);
    }

    [Fact]
    public async Task Of_concurrent_updaters_through_two_instances_exactly_one_wins()
    {
        var name = $"twin_{Guid.NewGuid():N}"[..13];
        var kind = NewKind();
        var first = await fixture.OpenAsync(name);
        var second = await fixture.OpenAsync(name);
        try
        {
            for (var round = 0; round < 5; round++)
            {
                var read = round == 0
                    ? await first.CreateAsync(NewRecord(kind, "a", """{"writer":-1}"""), Ct)
                    : (await first.GetAsync(kind, "a", cancellationToken: Ct))!;
                var newVersion = round % 2 == 0;

                var outcomes = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => TryUpdateAsync(i % 2 == 0 ? first : second, read, i, newVersion))));

                var winner = Assert.Single(outcomes, o => o is not null);
                Assert.Equal(winner, await second.GetAsync(kind, "a", cancellationToken: Ct));
                Assert.Equal(read.Revision + 1, winner!.Revision);
            }
        }
        finally
        {
            await ((IAsyncDisposable)first).DisposeAsync();
            await ((IAsyncDisposable)second).DisposeAsync();
        }
    }

    [Fact]
    public async Task Versions_are_listed_newest_first_in_pages()
    {
        var kind = NewKind();
        var current = await CreateAsync(kind, "agent_1", """{"v":1}""");
        for (var v = 2; v <= 6; v++)
        {
            current = await Store.UpdateAsync(current with { Data = $$"""{"v":{{v}}}""", UpdatedAt = T0.AddSeconds(v) }, v - 1, newVersion: true, Ct);
        }

        current = await Store.UpdateAsync(current with { Data = """{"v":"6b"}""" }, 6, newVersion: false, Ct);
        await CreateAsync(kind, "agent_2");

        var first = await Store.ListVersionsAsync(kind, "agent_1", 4, cancellationToken: Ct);
        Assert.Equal([6, 5, 4, 3], first.Items.Select(r => r.Version));
        Assert.Equal(current, first.Items[0]);
        Assert.Equal("""{"v":3}""", first.Items[3].Data);
        Assert.Null(first.PrevCursor);
        Assert.NotNull(first.NextCursor);

        var second = await Store.ListVersionsAsync(kind, "agent_1", 4, first.NextCursor, Ct);
        Assert.Equal([2, 1], second.Items.Select(r => r.Version));
        Assert.All(second.Items, r => Assert.Equal(T0, r.CreatedAt));
        Assert.Null(second.NextCursor);

        var back = await Store.ListVersionsAsync(kind, "agent_1", 4, second.PrevCursor, Ct);
        AssertSamePage(first, back);

        await Assert.ThrowsAsync<InvalidCursorException>(() => Store.ListVersionsAsync(kind, "agent_2", 4, first.NextCursor, Ct));
        var none = await Store.ListVersionsAsync(kind, "agent_9", cancellationToken: Ct);
        Assert.Equal((0, null, null), (none.Items.Count, none.NextCursor, none.PrevCursor));
    }

    /// <summary>Updates <paramref name="read"/> as writer <paramref name="writer"/>; returns the stored record, or null when refused as stale.</summary>
    private static async Task<ResourceRecord?> TryUpdateAsync(IResourceStore store, ResourceRecord read, int writer, bool newVersion)
    {
        try
        {
            return await store.UpdateAsync(read with { Data = $$"""{"writer":{{writer}}}""" }, read.Version, newVersion, Ct);
        }
        catch (ResourceVersionConflictException)
        {
            return null;
        }
    }
}
