using Drover.Resources;

namespace Drover.Storage.Tests;

public abstract partial class ResourceStoreConformanceTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Lists_order_by_creation_time_then_id(bool descending)
    {
        var kind = NewKind();
        var oneMs = T0.AddMilliseconds(1);
        await CreateAsync(kind, "b", createdAt: oneMs);
        await CreateAsync(kind, "d", createdAt: T0.AddMilliseconds(2));
        await CreateAsync(kind, "a", createdAt: oneMs);
        await CreateAsync(kind, "z", createdAt: T0);
        await CreateAsync(kind, "e", createdAt: oneMs.AddTicks(5_000));
        await CreateAsync(kind, "c", createdAt: oneMs);
        await CreateAsync(kind, "B", createdAt: oneMs);

        var page = await Store.ListAsync(kind, new ResourceQuery { Descending = descending }, Ct);

        string[] ascending = ["z", "B", "a", "b", "c", "e", "d"];
        Assert.Equal(descending ? Enumerable.Reverse(ascending) : ascending, page.Items.Select(r => r.Id));
        Assert.Null(page.NextCursor);
        Assert.Null(page.PrevCursor);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Paging_through_25_by_7_visits_each_once_in_both_directions(bool descending)
    {
        var kind = NewKind();
        var random = new Random(25);

        // Groups of three share a millisecond, and ids are not created in order, so the id breaks ties.
        var created = new List<ResourceRecord>();
        foreach (var i in Enumerable.Range(0, 25).OrderBy(_ => random.Next()))
        {
            created.Add(await CreateAsync(kind, $"r_{(i * 7919) % 1000:D3}_{i}", $$"""{"i":{{i}}}""", T0.AddMilliseconds(i / 3)));
        }

        var expected = created.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Id).ToList();
        if (descending)
        {
            expected.Reverse();
        }

        var forward = new List<ResourcePage>();
        string? cursor = null;
        do
        {
            var page = await Store.ListAsync(kind, new ResourceQuery { Limit = 7, Descending = descending, Cursor = cursor }, Ct);
            forward.Add(page);
            cursor = page.NextCursor;
            Assert.NotEqual("", cursor);
            Assert.True(forward.Count <= 4, "Paging forward did not end.");
        }
        while (cursor is not null);

        Assert.Equal([7, 7, 7, 4], forward.Select(p => p.Items.Count));
        Assert.Equal(expected, forward.SelectMany(p => p.Items).Select(r => r.Id));
        Assert.Null(forward[0].PrevCursor);
        Assert.All(forward.Skip(1), p => Assert.NotNull(p.PrevCursor));

        var backward = new List<ResourcePage> { forward[^1] };
        for (cursor = forward[^1].PrevCursor; cursor is not null; cursor = backward[^1].PrevCursor)
        {
            Assert.NotEqual("", cursor);
            backward.Add(await Store.ListAsync(kind, new ResourceQuery { Limit = 7, Descending = descending, Cursor = cursor }, Ct));
            Assert.True(backward.Count <= 4, "Paging backward did not end.");
        }

        backward.Reverse();
        Assert.Equal(forward.Count, backward.Count);
        for (var i = 0; i < forward.Count; i++)
        {
            AssertSamePage(forward[i], backward[i]);
        }
    }

    [Fact]
    public async Task Previous_cursors_from_the_middle_return_the_page_before()
    {
        var kind = NewKind();
        for (var i = 0; i < 10; i++)
        {
            await CreateAsync(kind, $"r{i}", createdAt: T0.AddMilliseconds(i));
        }

        var query = new ResourceQuery { Limit = 3 };
        var first = await Store.ListAsync(kind, query, Ct);
        var second = await Store.ListAsync(kind, query with { Cursor = first.NextCursor }, Ct);
        var third = await Store.ListAsync(kind, query with { Cursor = second.NextCursor }, Ct);

        AssertSamePage(second, await Store.ListAsync(kind, query with { Cursor = third.PrevCursor }, Ct));
        AssertSamePage(first, await Store.ListAsync(kind, query with { Cursor = second.PrevCursor }, Ct));

        // Deleted rows shift the pages; a cursor past the end gives an empty page without cursors.
        await Store.DeleteAsync(kind, "r3", Ct);
        await Store.DeleteAsync(kind, "r4", Ct);
        await Store.DeleteAsync(kind, "r5", Ct);
        var shifted = await Store.ListAsync(kind, query with { Cursor = first.NextCursor }, Ct);
        Assert.Equal(["r6", "r7", "r8"], shifted.Items.Select(r => r.Id));
        var before = await Store.ListAsync(kind, query with { Cursor = shifted.PrevCursor }, Ct);
        Assert.Equal(["r0", "r1", "r2"], before.Items.Select(r => r.Id));
        Assert.Null(before.PrevCursor);

        await Store.DeleteAsync(kind, "r9", Ct);
        var past = await Store.ListAsync(kind, query with { Cursor = third.NextCursor }, Ct);
        Assert.Equal((0, null, null), (past.Items.Count, past.NextCursor, past.PrevCursor));
    }

    [Fact]
    public async Task Cursor_misuse_is_refused()
    {
        var kind = NewKind();
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(kind, $"r{i}");
        }

        var ascending = (await Store.ListAsync(kind, new ResourceQuery { Limit = 1 }, Ct)).NextCursor;
        var descending = (await Store.ListAsync(kind, new ResourceQuery { Limit = 1, Descending = true }, Ct)).NextCursor;
        var versions = await CreateAsync(kind, "v");
        await Store.UpdateAsync(versions, 1, newVersion: true, Ct);
        var versionCursor = (await Store.ListVersionsAsync(kind, "v", 1, cancellationToken: Ct)).NextCursor;
        Assert.NotNull(ascending);
        Assert.NotNull(descending);
        Assert.NotNull(versionCursor);

        foreach (var malformed in new[] { "", "not a cursor!", "aGVsbG8", "MWxhbjprOjE6", Convert.ToBase64String([0xff, 0xfe, 0x3a]) })
        {
            var ex = await Assert.ThrowsAsync<InvalidCursorException>(() => Store.ListAsync(kind, new ResourceQuery { Cursor = malformed }, Ct));
            Assert.Equal("The page cursor is malformed.", ex.Message);
        }

        await Assert.ThrowsAsync<InvalidCursorException>(() => Store.ListAsync(kind, new ResourceQuery { Cursor = ascending, Descending = true }, Ct));
        await Assert.ThrowsAsync<InvalidCursorException>(() => Store.ListAsync(kind, new ResourceQuery { Cursor = descending }, Ct));
        await Assert.ThrowsAsync<InvalidCursorException>(() => Store.ListAsync(NewKind(), new ResourceQuery { Cursor = ascending }, Ct));
        await Assert.ThrowsAsync<InvalidCursorException>(() => Store.ListAsync(kind, new ResourceQuery { Cursor = versionCursor }, Ct));
        await Assert.ThrowsAsync<InvalidCursorException>(() => Store.ListVersionsAsync(kind, "v", 1, ascending, Ct));
        await Assert.ThrowsAsync<InvalidCursorException>(() => Store.ListVersionsAsync(NewKind(), "v", 1, versionCursor, Ct));
    }

    [Fact]
    public async Task Page_sizes_outside_one_to_the_maximum_are_refused()
    {
        var kind = NewKind();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListAsync(kind, new ResourceQuery { Limit = 0 }, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListAsync(kind, new ResourceQuery { Limit = ResourceQuery.MaxLimit + 1 }, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.ListVersionsAsync(kind, "a", 0, cancellationToken: Ct));
        Assert.Empty((await Store.ListAsync(kind, new ResourceQuery { Limit = ResourceQuery.MaxLimit }, Ct)).Items);
    }

    [Fact]
    public async Task Lists_show_current_versions_only()
    {
        var kind = NewKind();
        var a = await CreateAsync(kind, "a");
        a = await Store.UpdateAsync(a with { Data = """{"v":2}""" }, 1, newVersion: true, Ct);
        a = await Store.UpdateAsync(a with { Data = """{"v":3}""" }, 2, newVersion: true, Ct);

        Assert.Equal([a], (await Store.ListAsync(kind, new ResourceQuery(), Ct)).Items);
        Assert.Equal(1, await Store.CountAsync(kind, [], cancellationToken: Ct));
    }

    [Fact]
    public async Task Archived_resources_are_listed_and_counted_only_when_asked()
    {
        var kind = NewKind();
        await CreateAsync(kind, "a", createdAt: T0);
        await Store.CreateAsync(NewRecord(kind, "b", createdAt: T0.AddMilliseconds(1)) with { ArchivedAt = T0 }, Ct);
        var c = await CreateAsync(kind, "c", createdAt: T0.AddMilliseconds(2));
        await Store.UpdateAsync(c with { ArchivedAt = T0.AddMinutes(1) }, 1, newVersion: false, Ct);

        Assert.Equal(["a"], (await Store.ListAsync(kind, new ResourceQuery(), Ct)).Items.Select(r => r.Id));
        Assert.Equal(["a", "b", "c"], (await Store.ListAsync(kind, new ResourceQuery { IncludeArchived = true }, Ct)).Items.Select(r => r.Id));
        Assert.Equal(1, await Store.CountAsync(kind, [], cancellationToken: Ct));
        Assert.Equal(3, await Store.CountAsync(kind, [], includeArchived: true, Ct));
    }

    [Fact]
    public async Task Creation_bounds_select_a_range()
    {
        var kind = NewKind();
        for (var i = 0; i < 10; i++)
        {
            await CreateAsync(kind, $"r{i}", createdAt: T0.AddMilliseconds(i));
        }

        async Task<string> ListAsync(ResourceQuery query) =>
            string.Join(',', (await Store.ListAsync(kind, query, Ct)).Items.Select(r => r.Id[1..]));

        var halfMs = TimeSpan.FromTicks(TimeSpan.TicksPerMillisecond / 2);
        Assert.Equal("3,4,5,6,7,8,9", await ListAsync(new() { CreatedAfter = T0.AddMilliseconds(2) }));
        Assert.Equal("2,3,4,5,6,7,8,9", await ListAsync(new() { CreatedAtOrAfter = T0.AddMilliseconds(2) }));
        Assert.Equal("0,1,2,3,4", await ListAsync(new() { CreatedBefore = T0.AddMilliseconds(5) }));
        Assert.Equal("0,1,2,3,4,5", await ListAsync(new() { CreatedAtOrBefore = T0.AddMilliseconds(5) }));
        Assert.Equal("3,4", await ListAsync(new() { CreatedAfter = T0.AddMilliseconds(2), CreatedBefore = T0.AddMilliseconds(5) }));
        Assert.Equal("2,3,4,5", await ListAsync(new() { CreatedAtOrAfter = T0.AddMilliseconds(2), CreatedAtOrBefore = T0.AddMilliseconds(5) }));
        Assert.Equal("3,4,5", await ListAsync(new() { CreatedAfter = T0.AddMilliseconds(2) + halfMs, CreatedBefore = T0.AddMilliseconds(5) + halfMs }));
        Assert.Equal("3,4,5", await ListAsync(new() { CreatedAtOrAfter = T0.AddMilliseconds(2) + halfMs, CreatedAtOrBefore = T0.AddMilliseconds(5) + halfMs }));
        Assert.Equal("4,5", await ListAsync(new() { CreatedAfter = T0.AddMilliseconds(3), CreatedAtOrAfter = T0.AddMilliseconds(2), CreatedAtOrBefore = T0.AddMilliseconds(5) }));
        Assert.Equal("9,8,7", await ListAsync(new() { CreatedAfter = T0.AddMilliseconds(5), Descending = true, Limit = 3 }));
        Assert.Equal("3,2,1", await ListAsync(new() { CreatedBefore = T0.AddMilliseconds(4), CreatedAfter = T0, Descending = true }));

        var empty = await Store.ListAsync(kind, new ResourceQuery { CreatedAfter = T0.AddMilliseconds(5), CreatedBefore = T0.AddMilliseconds(6) }, Ct);
        Assert.Equal((0, null, null), (empty.Items.Count, empty.NextCursor, empty.PrevCursor));
    }

    protected static void AssertSamePage(ResourcePage expected, ResourcePage actual)
    {
        Assert.Equal(expected.Items, actual.Items);
        Assert.Equal(expected.NextCursor, actual.NextCursor);
        Assert.Equal(expected.PrevCursor, actual.PrevCursor);
    }
}
