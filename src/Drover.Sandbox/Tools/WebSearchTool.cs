using System.Text;
using Drover.Hands;

namespace Drover.Sandbox.Tools;

/// <summary><c>web_search</c>: asks the registered <see cref="IWebSearchProvider"/>; unavailable without one.</summary>
internal sealed class WebSearchTool(IWebSearchProvider? provider) : IBuiltInToolHandler
{
    public const string NoProvider = "No web search provider is configured on this Drover server (register an IWebSearchProvider).";

    public BuiltInTool Definition { get; } = new(
        "web_search",
        "Searches the web and returns the top results with titles, addresses and excerpts. Use web_fetch to read a result.",
        ToolSchemas.Parse("""
        {
          "type": "object",
          "properties": { "query": { "type": "string", "description": "What to search for." } },
          "required": ["query"]
        }
        """),
        ReadOnly: false,
        UnavailableReason: provider is null ? NoProvider : null);

    public async Task<ToolOutput> ExecuteAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var query = context.Input.RequiredString("query");
        if (provider is null)
        {
            return ToolOutput.Text(NoProvider, isError: true);
        }

        var results = await provider.SearchAsync(query, cancellationToken);
        if (results.Count == 0)
        {
            return ToolOutput.Text($"No results for {query}.");
        }

        var text = new StringBuilder();
        foreach (var (result, i) in results.Select((r, i) => (r, i + 1)))
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{i}. {result.Title}\n   {result.Url}\n   {result.Snippet}\n\n");
        }

        return ToolOutput.Text(text.ToString().TrimEnd());
    }
}
