using Drover.Resources;

namespace Drover.Storage.Tests;

public abstract partial class ResourceStoreConformanceTests
{
    /// <summary>Four sessions with fields of every shape, created in id order.</summary>
    private async Task<string> CreateFilterSamplesAsync()
    {
        var kind = NewKind();
        await CreateAsync(kind, "s1", """{"status":"idle","environment_id":"env_1","agent":{"id":"agent_1","version":2},"n":1.50,"count":3}""", T0);
        await CreateAsync(kind, "s2", """{"status":"running","environment_id":"env_2","agent":{"id":"agent_2","version":1},"count":"3"}""", T0.AddMilliseconds(1));
        await CreateAsync(kind, "s3", """{"status":"terminated","environment_id":"env_1","agent":{"id":"agent_1","version":1},"flag":true,"obj":{"a":1},"list":["x"]}""", T0.AddMilliseconds(2));
        await CreateAsync(kind, "s4", """{"status":"idle","environment_id":"env_\u00e9","agent":"agent_1"}""", T0.AddMilliseconds(3));
        return kind;
    }

    private async Task<string> FilterAsync(string kind, params ResourceFilter[] filters) =>
        string.Join(',', (await Store.ListAsync(kind, new ResourceQuery { Filters = filters }, Ct)).Items.Select(r => r.Id));

    [Fact]
    public async Task Filters_match_string_fields_against_any_of_their_values()
    {
        var kind = await CreateFilterSamplesAsync();

        Assert.Equal("s1,s3", await FilterAsync(kind, new ResourceFilter("environment_id", "env_1")));
        Assert.Equal("s1,s2,s4", await FilterAsync(kind, new ResourceFilter("status", ["idle", "running"])));
        Assert.Equal("s4", await FilterAsync(kind, new ResourceFilter("environment_id", "env_é")));
        Assert.Equal("", await FilterAsync(kind, new ResourceFilter("status", "IDLE")));
        Assert.Equal("", await FilterAsync(kind, new ResourceFilter("missing", "idle")));
    }

    [Fact]
    public async Task Filters_match_one_level_of_nesting()
    {
        var kind = await CreateFilterSamplesAsync();

        Assert.Equal("s1,s3", await FilterAsync(kind, new ResourceFilter("agent.id", "agent_1")));
        Assert.Equal("s1,s2,s3", await FilterAsync(kind, new ResourceFilter("agent.id", ["agent_1", "agent_2"])));
        Assert.Equal("", await FilterAsync(kind, new ResourceFilter("agent.nope", "agent_1")));
    }

    [Fact]
    public async Task All_filters_must_match()
    {
        var kind = await CreateFilterSamplesAsync();

        Assert.Equal("s3", await FilterAsync(kind, new ResourceFilter("environment_id", "env_1"), new ResourceFilter("agent.version", "1")));
        Assert.Equal("", await FilterAsync(kind, new ResourceFilter("environment_id", "env_2"), new ResourceFilter("status", "idle")));
    }

    [Fact]
    public async Task Numbers_match_the_text_they_are_written_as()
    {
        var kind = await CreateFilterSamplesAsync();

        Assert.Equal("s1,s2", await FilterAsync(kind, new ResourceFilter("count", "3")));
        Assert.Equal("s1", await FilterAsync(kind, new ResourceFilter("agent.version", "2")));
        Assert.Equal("s1", await FilterAsync(kind, new ResourceFilter("n", "1.50")));
        Assert.Equal("", await FilterAsync(kind, new ResourceFilter("n", "1.5")));
    }

    [Fact]
    public async Task Filters_never_match_booleans_objects_arrays_or_nulls()
    {
        var kind = await CreateFilterSamplesAsync();
        await CreateAsync(kind, "s5", """{"status":null}""", T0.AddMilliseconds(4));

        Assert.Equal("", await FilterAsync(kind, new ResourceFilter("flag", ["true", "1"])));
        Assert.Equal("", await FilterAsync(kind, new ResourceFilter("obj", ["""{"a":1}""", """{"a": 1}"""])));
        Assert.Equal("", await FilterAsync(kind, new ResourceFilter("list", ["""["x"]""", "x"])));
        Assert.Equal("", await FilterAsync(kind, new ResourceFilter("agent", ["""{"id":"agent_1","version":2}"""])));
        Assert.Equal("s4", await FilterAsync(kind, new ResourceFilter("agent", "agent_1")));
        Assert.Equal("", await FilterAsync(kind, new ResourceFilter("status", ["null", ""])));
    }

    [Fact]
    public async Task Count_applies_filters()
    {
        var kind = await CreateFilterSamplesAsync();
        var s3 = await Store.GetAsync(kind, "s3", cancellationToken: Ct);
        await Store.UpdateAsync(s3! with { ArchivedAt = T0 }, 1, newVersion: false, Ct);

        Assert.Equal(1, await Store.CountAsync(kind, [new ResourceFilter("environment_id", "env_1")], cancellationToken: Ct));
        Assert.Equal(2, await Store.CountAsync(kind, [new ResourceFilter("environment_id", "env_1")], includeArchived: true, Ct));
        Assert.Equal(0, await Store.CountAsync(kind, [new ResourceFilter("environment_id", "env_9")], includeArchived: true, Ct));
        Assert.Equal(3, await Store.CountAsync(kind, [], cancellationToken: Ct));
    }

    [Fact]
    public async Task Paging_a_filtered_list_is_exact_at_both_ends()
    {
        var kind = NewKind();
        for (var i = 0; i < 13; i++)
        {
            // Odd rows match; rows 0 and 12 do not, so an unfiltered look past either end would find a row.
            await CreateAsync(kind, $"r{i:D2}", i % 2 == 1 ? """{"status":"a"}""" : """{"status":"b"}""", T0.AddMilliseconds(i));
        }

        var query = new ResourceQuery { Limit = 2, Filters = [new ResourceFilter("status", "a")] };
        var pages = new List<ResourcePage> { await Store.ListAsync(kind, query, Ct) };
        while (pages[^1].NextCursor is { } next)
        {
            pages.Add(await Store.ListAsync(kind, query with { Cursor = next }, Ct));
        }

        Assert.Equal(["r01", "r03", "r05", "r07", "r09", "r11"], pages.SelectMany(p => p.Items).Select(r => r.Id));
        Assert.Equal([2, 2, 2], pages.Select(p => p.Items.Count));
        var back = await Store.ListAsync(kind, query with { Cursor = pages[1].PrevCursor }, Ct);
        AssertSamePage(pages[0], back);
        Assert.Null(back.PrevCursor);
    }

    [Fact]
    public async Task Filter_fields_outside_the_safe_shape_are_refused()
    {
        var kind = NewKind();
        foreach (var field in new[] { "", "Status", "a.b.c", "a-b", "1a", "a;drop table resources", "status\n", "a.", ".a", "a b", "é" })
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.ListAsync(kind, new ResourceQuery { Filters = [new ResourceFilter(field, "x")] }, Ct));
            await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.CountAsync(kind, [new ResourceFilter(field, "x")], cancellationToken: Ct));
        }

        await Assert.ThrowsAsync<ArgumentException>(() => Store.ListAsync(kind, new ResourceQuery { Filters = [new ResourceFilter("status", [])] }, Ct));
        Assert.Equal(0, await Store.CountAsync(kind, [new ResourceFilter("_private", "x"), new ResourceFilter("a_1.b_2", "x")], cancellationToken: Ct));
    }
}
