namespace Drover.Sandbox.Tools;

/// <summary>
/// A web search backend for the <c>web_search</c> tool. None ships with Drover; register one in DI to offer the tool.
/// It runs on the server, outside any sandbox.
/// </summary>
public interface IWebSearchProvider
{
    /// <summary>Searches the web; returns the results best first.</summary>
    Task<IReadOnlyList<WebSearchResult>> SearchAsync(string query, CancellationToken cancellationToken);
}

/// <summary>One search result.</summary>
/// <param name="Title">The page's title.</param>
/// <param name="Url">The page's address.</param>
/// <param name="Snippet">A short excerpt that matched; may be empty.</param>
public sealed record WebSearchResult(string Title, string Url, string Snippet);
