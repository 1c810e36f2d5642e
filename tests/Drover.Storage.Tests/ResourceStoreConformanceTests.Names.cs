using Drover.Resources;

namespace Drover.Storage.Tests;

public abstract partial class ResourceStoreConformanceTests
{
    [Fact]
    public async Task A_unique_name_is_held_by_one_current_resource_of_a_kind()
    {
        var kind = NewKind();
        await CreateAsync(kind, "a", uniqueName: "hash_1");

        var ex = await Assert.ThrowsAsync<ResourceNameTakenException>(() => CreateAsync(kind, "b", uniqueName: "hash_1"));

        Assert.Equal(kind, ex.Kind);
        Assert.DoesNotContain("hash_1", ex.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetAsync(kind, "b", cancellationToken: Ct));
        await CreateAsync(NewKind(), "b", uniqueName: "hash_1");
        await CreateAsync(kind, "c");
        await CreateAsync(kind, "d");
    }

    [Fact]
    public async Task Find_by_unique_name_returns_the_current_version_archived_or_not()
    {
        var kind = NewKind();
        var v1 = await CreateAsync(kind, "key_1", """{"v":1}""", uniqueName: "hash_1");
        Assert.Equal(v1, await Store.FindByUniqueNameAsync(kind, "hash_1", Ct));

        var v2 = await Store.UpdateAsync(v1 with { Data = """{"v":2}""" }, 1, newVersion: true, Ct);
        Assert.Equal(v2, await Store.FindByUniqueNameAsync(kind, "hash_1", Ct));

        var archived = await Store.UpdateAsync(v2 with { ArchivedAt = T0.AddHours(1) }, 2, newVersion: false, Ct);
        Assert.Equal(archived, await Store.FindByUniqueNameAsync(kind, "hash_1", Ct));
        await Assert.ThrowsAsync<ResourceNameTakenException>(() => CreateAsync(kind, "key_2", uniqueName: "hash_1"));

        Assert.Null(await Store.FindByUniqueNameAsync(kind, "hash_2", Ct));
        Assert.Null(await Store.FindByUniqueNameAsync(NewKind(), "hash_1", Ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Renaming_frees_the_old_name(bool newVersion)
    {
        var kind = NewKind();
        var a = await CreateAsync(kind, "a", uniqueName: "old");

        await Store.UpdateAsync(a with { UniqueName = "new" }, 1, newVersion, Ct);

        var b = await CreateAsync(kind, "b", uniqueName: "old");
        Assert.Equal(b, await Store.FindByUniqueNameAsync(kind, "old", Ct));
        Assert.Equal("a", (await Store.FindByUniqueNameAsync(kind, "new", Ct))?.Id);
        await Assert.ThrowsAsync<ResourceNameTakenException>(() => CreateAsync(kind, "c", uniqueName: "new"));
    }

    [Fact]
    public async Task Earlier_versions_hold_no_name_but_keep_it_in_history()
    {
        var kind = NewKind();
        var a = await CreateAsync(kind, "a", uniqueName: "n");

        await Store.UpdateAsync(a with { UniqueName = null }, 1, newVersion: true, Ct);

        var b = await CreateAsync(kind, "b", uniqueName: "n");
        Assert.Equal(b, await Store.FindByUniqueNameAsync(kind, "n", Ct));
        Assert.Equal("n", (await Store.GetAsync(kind, "a", 1, Ct))?.UniqueName);
    }

    [Fact]
    public async Task Deleting_frees_the_name()
    {
        var kind = NewKind();
        await CreateAsync(kind, "a", uniqueName: "n");

        await Store.DeleteAsync(kind, "a", Ct);

        Assert.Equal("b", (await CreateAsync(kind, "b", uniqueName: "n")).Id);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Updating_to_a_taken_name_is_refused_and_changes_nothing(bool newVersion)
    {
        var kind = NewKind();
        var a = await CreateAsync(kind, "a", uniqueName: "x");
        var b = await CreateAsync(kind, "b", """{"v":1}""", uniqueName: "y");

        await Assert.ThrowsAsync<ResourceNameTakenException>(() => Store.UpdateAsync(b with { UniqueName = "x", Data = """{"v":2}""" }, 1, newVersion, Ct));

        Assert.Equal(b, await Store.GetAsync(kind, "b", cancellationToken: Ct));
        Assert.Null(await Store.GetAsync(kind, "b", 2, Ct));
        Assert.Equal(a, await Store.FindByUniqueNameAsync(kind, "x", Ct));
        Assert.Equal(b, await Store.FindByUniqueNameAsync(kind, "y", Ct));
    }
}
