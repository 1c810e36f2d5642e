namespace Drover.Resources;

/// <summary>
/// A resource's place in a keyset-paged list: its creation time in Unix milliseconds and its id for
/// lists, its version and id for version lists. Keys compare by position, then by id in ordinal order.
/// </summary>
public readonly record struct ResourceKey(long Position, string Id);
