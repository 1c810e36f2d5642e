namespace Drover.Harness.Mcp;

/// <summary>
/// How a credential's <c>mcp_server_url</c> is matched to a server's URL: scheme and host lowercased, default ports
/// and trailing slashes dropped; path, subdomain and any other port must be equal.
/// </summary>
public static class McpUrl
{
    public static string Normalize(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return url.TrimEnd('/');
        }

        var port = uri.IsDefaultPort ? string.Empty : $":{uri.Port}";
        var path = uri.AbsolutePath.TrimEnd('/');
        return $"{uri.Scheme.ToLowerInvariant()}://{uri.Host.ToLowerInvariant()}{port}{path}{uri.Query}";
    }

    public static bool Matches(string a, string b) => string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);
}
