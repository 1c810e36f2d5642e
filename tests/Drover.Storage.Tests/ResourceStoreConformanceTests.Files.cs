using Drover.Resources;

namespace Drover.Storage.Tests;

public abstract partial class ResourceStoreConformanceTests
{
    /// <summary>
    /// The queries of the Files API (<c>Drover.Server/Files/FileStore</c>): a session's outputs by <c>scope.id</c> among
    /// uploads that have no <c>scope</c>, files by <c>id</c>, newest first, an output found by its hashed unique name,
    /// and an output's document rewritten in place.
    /// </summary>
    [Fact]
    public async Task File_documents_list_by_scope_and_id_and_outputs_are_found_by_unique_name()
    {
        var kind = NewKind();
        var outputName = "output:sesn_a:" + new string('f', 64);
        await CreateAsync(kind, "file_1", """{"id":"file_1","type":"file","filename":"a.csv","size_bytes":3}""", T0);
        await CreateAsync(kind, "file_2", """{"id":"file_2","type":"file","filename":"r.txt","size_bytes":9,"scope":{"type":"session","id":"sesn_a"},"output_path":"r.txt"}""", T0.AddMilliseconds(1), outputName);
        await CreateAsync(kind, "file_3", """{"id":"file_3","type":"file","filename":"s.txt","size_bytes":1,"scope":{"type":"session","id":"sesn_b"}}""", T0.AddMilliseconds(2));
        await CreateAsync(kind, "file_4", """{"id":"file_4","type":"file","filename":"n.txt","size_bytes":1,"scope":null}""", T0.AddMilliseconds(3));

        async Task<string> ListAsync(params ResourceFilter[] filters) =>
            string.Join(',', (await Store.ListAsync(kind, new ResourceQuery { Descending = true, Filters = filters }, Ct)).Items.Select(r => r.Id));

        Assert.Equal("file_4,file_3,file_2,file_1", await ListAsync());
        Assert.Equal("file_2", await ListAsync(new ResourceFilter("scope.id", "sesn_a")));
        Assert.Equal("", await ListAsync(new ResourceFilter("scope.id", "sesn_c")));
        Assert.Equal("file_3,file_1", await ListAsync(new ResourceFilter("id", ["file_1", "file_3", "file_9"])));

        var found = await Store.FindByUniqueNameAsync(kind, outputName, Ct);
        Assert.Equal("file_2", found!.Id);
        var rewritten = await Store.UpdateAsync(found with { Data = found.Data.Replace("\"size_bytes\":9", "\"size_bytes\":12", StringComparison.Ordinal), UpdatedAt = T0.AddSeconds(5) }, found.Version, newVersion: false, Ct);
        Assert.Equal(1, rewritten.Version);
        Assert.Contains("\"size_bytes\":12", (await Store.FindByUniqueNameAsync(kind, outputName, Ct))!.Data, StringComparison.Ordinal);

        Assert.True(await Store.DeleteAsync(kind, "file_2", Ct));
        Assert.Null(await Store.FindByUniqueNameAsync(kind, outputName, Ct));
        Assert.Equal("", await ListAsync(new ResourceFilter("scope.id", "sesn_a")));
    }

    /// <summary><see cref="ResourcePaging.CursorAt"/>: paging after a known item, or to the page just before it.</summary>
    [Fact]
    public async Task A_cursor_at_a_record_pages_after_it_or_just_before_it()
    {
        var kind = NewKind();
        var records = new List<ResourceRecord>();
        for (var i = 1; i <= 5; i++)
        {
            records.Add(await CreateAsync(kind, $"f{i}", "{}", T0.AddMilliseconds(i / 2)));
        }

        async Task<(string Ids, bool Next, bool Prev)> PageAsync(string cursor, bool descending)
        {
            var page = await Store.ListAsync(kind, new ResourceQuery { Limit = 2, Descending = descending, Cursor = cursor }, Ct);
            return (string.Join(',', page.Items.Select(r => r.Id)), page.NextCursor is not null, page.PrevCursor is not null);
        }

        Assert.Equal(("f2,f1", false, true), await PageAsync(ResourcePaging.CursorAt(records[2], descending: true, backward: false), descending: true));
        Assert.Equal(("f5,f4", true, false), await PageAsync(ResourcePaging.CursorAt(records[2], descending: true, backward: true), descending: true));
        Assert.Equal(("f4,f5", false, true), await PageAsync(ResourcePaging.CursorAt(records[2], descending: false, backward: false), descending: false));
        Assert.Equal(("f1,f2", true, false), await PageAsync(ResourcePaging.CursorAt(records[2], descending: false, backward: true), descending: false));
        await Assert.ThrowsAsync<InvalidCursorException>(() => Store.ListAsync(kind, new ResourceQuery { Cursor = ResourcePaging.CursorAt(records[2], descending: true, backward: false) }, Ct));
    }
}
