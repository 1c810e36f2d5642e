namespace Drover.Resources;

/// <summary>
/// One version of a stored resource (an agent, an environment, a session's API document, an API key...).
/// </summary>
/// <param name="Kind">What the resource is, such as <c>agent</c>; lowercase letters, digits and underscores.</param>
/// <param name="Id">The resource's id, unique within its kind.</param>
/// <param name="Version">1 for a new resource; each versioned update adds the next one.</param>
/// <param name="UniqueName">
/// An optional name that no other current resource of the same kind may hold (an API key's hash, for
/// instance). Only current versions hold names: archived resources keep theirs, earlier versions merely
/// record what they had.
/// </param>
/// <param name="CreatedAt">When the resource (not this version) was created; stores keep milliseconds.</param>
/// <param name="UpdatedAt">When this version was last written; stores keep milliseconds.</param>
/// <param name="ArchivedAt">When the resource was archived, or <see langword="null"/> while it is active.</param>
/// <param name="Data">A JSON object, stored and returned byte for byte.</param>
public sealed record ResourceRecord(
    string Kind,
    string Id,
    int Version,
    string? UniqueName,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ArchivedAt,
    string Data)
{
    /// <summary>
    /// Counts every write of the resource, across versions (1 when created). Stores set it; callers leave
    /// it as read, so that an update of a record derived with <c>with</c> fails if someone else wrote in
    /// between. 0 (the default for a record built from scratch) skips that check.
    /// </summary>
    public long Revision { get; init; }
}
