using System.Globalization;

namespace Drover.Server.Api;

/// <summary>Reads query-string parameters, each failure a 400 naming the parameter and the rule.</summary>
internal static class Query
{
    public static int Int(HttpRequest request, string name, int fallback, int min, int max)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw ApiException.InvalidRequest($"{name}: must be an integer from {min} to {max}, not '{text}'.");
    }

    public static bool Bool(HttpRequest request, string name, bool fallback = false) => request.Query[name].ToString() switch
    {
        "" => fallback,
        "true" => true,
        "false" => false,
        var other => throw ApiException.InvalidRequest($"{name}: must be 'true' or 'false', not '{other}'."),
    };

    /// <summary>A list parameter as the SDKs send it (<c>name[]=a&amp;name[]=b</c>), also accepting plain <c>name=a</c>.</summary>
    public static string[] List(HttpRequest request, string name) =>
        [.. request.Query[name + "[]"].Concat(request.Query[name]).Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];

    /// <summary>An RFC 3339 timestamp parameter such as <c>created_at[gte]</c>.</summary>
    public static DateTimeOffset? Timestamp(HttpRequest request, string name)
    {
        var text = request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw ApiException.InvalidRequest($"{name}: must be an RFC 3339 timestamp such as 2026-01-01T00:00:00Z, not '{text}'.");
    }

    /// <summary><c>order</c>: <c>asc</c> or <c>desc</c>; returns true for descending.</summary>
    public static bool Descending(HttpRequest request, bool fallback) => request.Query["order"].ToString() switch
    {
        "" => fallback,
        "asc" => false,
        "desc" => true,
        var other => throw ApiException.InvalidRequest($"order: must be 'asc' or 'desc', not '{other}'."),
    };
}
