namespace Drover.Events;

/// <summary>The <c>type</c> strings of content blocks.</summary>
public static class ContentBlockTypes
{
    public const string Text = "text";
    public const string Image = "image";
    public const string Document = "document";
    public const string SearchResult = "search_result";
    public const string Redacted = "redacted";
}
