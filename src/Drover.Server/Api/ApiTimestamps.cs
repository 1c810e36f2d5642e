using System.Globalization;

namespace Drover.Server.Api;

/// <summary>Timestamps as the API writes them: RFC 3339 in UTC with a <c>Z</c>, to the millisecond the stores keep.</summary>
internal static class ApiTimestamps
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFF'Z'";

    /// <summary>The instant cut to whole milliseconds, as the resource store keeps it, so documents and records agree.</summary>
    public static DateTimeOffset Truncate(DateTimeOffset time) => DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds());

    public static string Write(DateTimeOffset time) => Truncate(time).UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);
}
