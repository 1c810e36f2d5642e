namespace Drover.Resources;

/// <summary>Which current resources of a kind to list, in which order, and which page.</summary>
public sealed record ResourceQuery
{
    public const int MaxLimit = 1000;

    /// <summary>The page size, from 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 20;

    /// <summary>
    /// <see cref="ResourcePage.NextCursor"/> or <see cref="ResourcePage.PrevCursor"/> of a page listed
    /// with the same kind and <see cref="Descending"/>, or <see langword="null"/> for the first page.
    /// Filters are not part of the cursor: pass the same ones again.
    /// </summary>
    public string? Cursor { get; init; }

    /// <summary>Newest first when set; oldest first otherwise. Ties in creation time are ordered by id the same way.</summary>
    public bool Descending { get; init; }

    /// <summary>Lists archived resources too; by default only those whose <see cref="ResourceRecord.ArchivedAt"/> is null.</summary>
    public bool IncludeArchived { get; init; }

    public DateTimeOffset? CreatedAfter { get; init; }

    public DateTimeOffset? CreatedAtOrAfter { get; init; }

    public DateTimeOffset? CreatedBefore { get; init; }

    public DateTimeOffset? CreatedAtOrBefore { get; init; }

    /// <summary>All must match.</summary>
    public IReadOnlyList<ResourceFilter> Filters { get; init; } = [];
}
