namespace Drover.Resources;

/// <summary>
/// What a store does for <see cref="ResourcePaging"/>: returns up to <paramref name="take"/> rows of the
/// list, ordered by key ascending or descending, starting strictly beyond <paramref name="after"/> in that
/// order (from the start when it is null).
/// </summary>
public delegate Task<IReadOnlyList<ResourceRecord>> ResourceScan(ResourceKey? after, bool descending, int take, CancellationToken cancellationToken);
