namespace Drover.Resources;

/// <summary>One page of a list.</summary>
/// <param name="Items">The page's resources in the order asked for.</param>
/// <param name="NextCursor">Lists the page after this one; <see langword="null"/> on the last page (and on an empty page).</param>
/// <param name="PrevCursor">Lists the page before this one, in the same order; <see langword="null"/> on the first page (and on an empty page).</param>
public sealed record ResourcePage(IReadOnlyList<ResourceRecord> Items, string? NextCursor, string? PrevCursor);
