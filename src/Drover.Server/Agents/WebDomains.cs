using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>
/// Checks a web tool's <c>allowed_domains</c> or <c>blocked_domains</c>: 1 to 64 distinct plain hostnames (no
/// scheme, port, wildcard, IP address or credentials; ASCII/punycode; at least two labels; no local-only names).
/// web_search entries may carry a path suffix, web_fetch entries may not.
/// </summary>
internal static class WebDomains
{
    public const int MaxDomains = 64;
    public const int MaxLength = 255;

    private static readonly string[] s_localSuffixes = [".localhost", ".local", ".internal", ".localdomain", ".invalid"];

    /// <summary>The list as given; null when the field is absent or null.</summary>
    public static JsonArray? Read(JsonElement config, string name, string path, bool allowPath)
    {
        if (Fields.OptionalArray(config, name, MaxDomains, path) is not { } list)
        {
            return null;
        }

        if (list.GetArrayLength() == 0)
        {
            throw ApiException.InvalidRequest($"{path}{name}: must not be empty; omit the field (or send null) to set no list.");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var result = new JsonArray();
        var index = 0;
        foreach (var element in list.EnumerateArray())
        {
            var where = $"{path}{name}.{index}";
            var entry = element.ValueKind == JsonValueKind.String ? element.GetString()! : throw ApiException.InvalidRequest($"{where}: must be a string.");
            if (Problem(entry, allowPath) is { } problem)
            {
                throw ApiException.InvalidRequest($"{where}: {problem}");
            }

            if (!seen.Add(entry))
            {
                throw ApiException.InvalidRequest($"{where}: '{entry}' is listed twice.");
            }

            result.Add(entry);
            index++;
        }

        return result;
    }

    private static string? Problem(string entry, bool allowPath)
    {
        const string Hint = "provide a plain hostname like \"example.com\"";
        if (entry.Length is 0 or > MaxLength)
        {
            return $"must be 1 to {MaxLength} characters; got {entry.Length}.";
        }

        if (entry.Any(char.IsWhiteSpace))
        {
            return $"whitespace is not allowed; {Hint}.";
        }

        if (entry.Contains("://", StringComparison.Ordinal))
        {
            return $"schemes are not supported; {Hint}.";
        }

        if (entry.Contains('@', StringComparison.Ordinal))
        {
            return $"credentials are not supported; {Hint}.";
        }

        var slash = entry.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? entry : entry[..slash];
        if (slash >= 0 && !allowPath)
        {
            return $"paths are not supported for web_fetch; {Hint}.";
        }

        if (host.StartsWith('[') || IPAddress.TryParse(host, out _))
        {
            return $"IP addresses are not supported; {Hint}.";
        }

        if (host.Contains(':', StringComparison.Ordinal))
        {
            return $"ports are not supported; {Hint}.";
        }

        if (host.Contains('*', StringComparison.Ordinal))
        {
            return $"wildcards are not supported (subdomains always match); {Hint}.";
        }

        if (!host.All(char.IsAscii))
        {
            return "internationalised names must be given in punycode (xn--...).";
        }

        var labels = host.Split('.');
        if (labels.Length < 2)
        {
            return $"single-label names and bare top-level domains are not supported; {Hint}.";
        }

        if (labels.Any(l => l.Length is 0 or > 63 || l[0] == '-' || l[^1] == '-' || !l.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            return $"'{host}' is not a valid hostname; {Hint}.";
        }

        var lower = host.ToLowerInvariant();
        return lower == "localhost" || s_localSuffixes.Any(s => lower.EndsWith(s, StringComparison.Ordinal))
            ? $"local-only names such as '{host}' are not supported; {Hint}."
            : null;
    }
}
