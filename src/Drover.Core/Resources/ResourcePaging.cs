namespace Drover.Resources;

/// <summary>
/// Keyset paging shared by the stores: decodes the cursor, asks the store for one page plus one row, and
/// makes the next and previous cursors. Each page costs one scan, and one more single-row scan to tell
/// whether anything lies on the side the cursor came from, so both cursors are exact.
/// </summary>
public static class ResourcePaging
{
    /// <summary>Pages through current resources by (creation time, id); see <see cref="IResourceStore.ListAsync"/>.</summary>
    public static Task<ResourcePage> ListAsync(string kind, ResourceQuery query, ResourceScan scan, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ResourceRules.ValidateLimit(query.Limit);
        var cursor = query.Cursor is null ? null : ResourceCursor.Decode(query.Cursor, ResourceCursor.Resources, kind, query.Descending, resourceId: null);
        return ReadAsync(ResourceCursor.Resources, kind, query.Descending, cursor, query.Limit, static r => new ResourceKey(ResourceRules.ToUnixMilliseconds(r.CreatedAt), r.Id), scan, cancellationToken);
    }

    /// <summary>
    /// A cursor for <see cref="IResourceStore.ListAsync"/> (in the order <paramref name="descending"/> names) that starts
    /// at <paramref name="record"/>: the rows after it, or with <paramref name="backward"/> the page just before it. For
    /// lists paged by a known item, such as the Files API's <c>after_id</c> and <c>before_id</c>.
    /// </summary>
    public static string CursorAt(ResourceRecord record, bool descending, bool backward)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new ResourceCursor(ResourceCursor.Resources, record.Kind, descending, backward, new ResourceKey(ResourceRules.ToUnixMilliseconds(record.CreatedAt), record.Id)).Encode();
    }

    /// <summary>Pages through one resource's versions, newest first; see <see cref="IResourceStore.ListVersionsAsync"/>.</summary>
    public static Task<ResourcePage> ListVersionsAsync(string kind, string id, int limit, string? cursor, ResourceScan scan, CancellationToken cancellationToken = default)
    {
        ResourceRules.ValidateLimit(limit);
        var start = cursor is null ? null : ResourceCursor.Decode(cursor, ResourceCursor.Versions, kind, descending: true, id);
        return ReadAsync(ResourceCursor.Versions, kind, descending: true, start, limit, static r => new ResourceKey(r.Version, r.Id), scan, cancellationToken);
    }

    private static async Task<ResourcePage> ReadAsync(
        char list,
        string kind,
        bool descending,
        ResourceCursor? cursor,
        int limit,
        Func<ResourceRecord, ResourceKey> keyOf,
        ResourceScan scan,
        CancellationToken cancellationToken)
    {
        // A backward cursor reads the rows before its key in reverse, then turns them around.
        var backward = cursor?.Backward ?? false;
        var rows = await scan(cursor?.Key, descending != backward, limit + 1, cancellationToken);
        var more = rows.Count > limit;
        var items = rows.Take(limit).ToList();
        if (items.Count == 0)
        {
            return new ResourcePage(items, null, null);
        }

        if (backward)
        {
            items.Reverse();
        }

        var first = keyOf(items[0]);
        var last = keyOf(items[^1]);
        bool hasPrevious;
        bool hasNext;
        if (backward)
        {
            hasPrevious = more;
            hasNext = (await scan(last, descending, 1, cancellationToken)).Count > 0;
        }
        else
        {
            hasNext = more;
            hasPrevious = cursor is not null && (await scan(first, !descending, 1, cancellationToken)).Count > 0;
        }

        return new ResourcePage(
            items,
            hasNext ? new ResourceCursor(list, kind, descending, Backward: false, last).Encode() : null,
            hasPrevious ? new ResourceCursor(list, kind, descending, Backward: true, first).Encode() : null);
    }
}
