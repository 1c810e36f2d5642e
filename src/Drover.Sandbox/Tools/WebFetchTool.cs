using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Drover.Hands;
using Drover.Sandbox.Egress;

namespace Drover.Sandbox.Tools;

/// <summary>
/// <c>web_fetch</c>: fetches a URL from the server under the session environment's network policy: every connection
/// (redirects included) goes through the egress connector, so the same <c>allowed_hosts</c> and the refusal of private
/// addresses apply as for the sandbox's proxy. The agent's <c>allowed_domains</c>/<c>blocked_domains</c> apply too.
/// </summary>
internal sealed partial class WebFetchTool(EgressConnector connector) : IBuiltInToolHandler
{
    private const int MaxBytes = 5 * 1024 * 1024;

    public BuiltInTool Definition { get; } = new(
        "web_fetch",
        "Fetches a web page or file over HTTP(S) and returns its content as text (HTML is reduced to text). Only hosts the "
        + "session's environment allows can be reached. Up to 5 MiB is read.",
        ToolSchemas.Parse("""
        {
          "type": "object",
          "properties": { "url": { "type": "string", "description": "The http:// or https:// address to fetch." } },
          "required": ["url"]
        }
        """),
        ReadOnly: false);

    public async Task<ToolOutput> ExecuteAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var url = context.Input.RequiredString("url");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ToolInputException("`url` must be an absolute http:// or https:// address.");
        }

        if (!context.Network.Enabled)
        {
            return ToolOutput.Text("web_fetch is not available: the session's environment allows no network access.", isError: true);
        }

        if (DomainRule(context.Call.ToolConfig, uri.IdnHost) is { } refusal)
        {
            return ToolOutput.Text($"url_not_allowed: {refusal}", isError: true);
        }

        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectCallback = async (c, ct) =>
            {
                var socket = await connector.ConnectAsync(context.Network, c.DnsEndPoint.Host, c.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("Drover-web_fetch/1.0");
        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var type = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxBytes];
            var length = await body.ReadAtLeastAsync(buffer, MaxBytes, throwOnEndOfStream: false, cancellationToken);
            var header = string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {response.ReasonPhrase} — {response.RequestMessage?.RequestUri} ({type})\n\n");
            if (!type.StartsWith("text/", StringComparison.Ordinal) && !type.Contains("json", StringComparison.Ordinal) && !type.Contains("xml", StringComparison.Ordinal))
            {
                return ToolOutput.Text(header + string.Create(CultureInfo.InvariantCulture, $"[{length:N0} bytes of {type}, not shown as text.]"), !response.IsSuccessStatusCode);
            }

            var text = Encoding.UTF8.GetString(buffer, 0, length);
            if (type == "text/html")
            {
                text = HtmlToText(text);
            }

            return ToolOutput.Text(header + text, !response.IsSuccessStatusCode);
        }
        catch (HttpRequestException e) when (e.InnerException is EgressRefusedException refused)
        {
            return ToolOutput.Text($"url_not_allowed: {refused.Message}", isError: true);
        }
        catch (HttpRequestException e)
        {
            return ToolOutput.Text($"The fetch failed: {e.Message}", isError: true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ToolOutput.Text("The fetch timed out after 30 s.", isError: true);
        }
        catch (SocketException e)
        {
            return ToolOutput.Text($"The fetch failed: {e.Message}", isError: true);
        }
    }

    /// <summary>Applies the tool config's <c>allowed_domains</c> or <c>blocked_domains</c> (a domain covers its subdomains).</summary>
    private static string? DomainRule(JsonElement? config, string host)
    {
        static bool Covers(JsonElement list, string host) => list.ValueKind == JsonValueKind.Array && list.EnumerateArray()
            .Select(d => d.GetString() ?? "")
            .Any(d => host.Equals(d, StringComparison.OrdinalIgnoreCase) || host.EndsWith("." + d, StringComparison.OrdinalIgnoreCase));

        if (config is not { ValueKind: JsonValueKind.Object } c)
        {
            return null;
        }

        if (c.TryGetProperty("allowed_domains", out var allowed) && allowed.ValueKind == JsonValueKind.Array && !Covers(allowed, host))
        {
            return $"{host} is not in the tool's allowed_domains.";
        }

        return c.TryGetProperty("blocked_domains", out var blocked) && Covers(blocked, host) ? $"{host} is in the tool's blocked_domains." : null;
    }

    private static string HtmlToText(string html)
    {
        var text = Invisible().Replace(html, " ");
        text = Breaks().Replace(text, "\n");
        text = Tags().Replace(text, "");
        text = WebUtility.HtmlDecode(text);
        return BlankLines().Replace(Spaces().Replace(text, " "), "\n\n").Trim();
    }

    [GeneratedRegex(@"<(script|style|noscript|svg)\b.*?</\1\s*>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Invisible();

    [GeneratedRegex(@"<(br|/p|/div|/h[1-6]|/li|/tr|/title)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Breaks();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"[ \t\r\f\v]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"\n\s*\n(\s*\n)*")]
    private static partial Regex BlankLines();
}
