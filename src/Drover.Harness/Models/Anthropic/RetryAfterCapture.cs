using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;

namespace Drover.Harness.Models.Anthropic;

/// <summary>
/// Keeps the <c>retry-after</c> of a failed response for the request in flight. The SDK's exceptions carry status and
/// body but not headers, so this handler, below the SDK, writes the value into a box the caller set up in the same
/// async flow (<see cref="Begin"/>) before sending.
/// </summary>
internal sealed class RetryAfterCapture : DelegatingHandler
{
    private static readonly AsyncLocal<StrongBox<TimeSpan?>?> s_current = new();

    public RetryAfterCapture(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    /// <summary>Starts capturing for requests sent from the current async flow.</summary>
    public static StrongBox<TimeSpan?> Begin()
    {
        var box = new StrongBox<TimeSpan?>();
        s_current.Value = box;
        return box;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode && s_current.Value is { } box)
        {
            box.Value = Parse(response.Headers);
        }

        return response;
    }

    // retry-after-ms is what the API sends for sub-second waits; retry-after holds seconds or an HTTP date.
    private static TimeSpan? Parse(HttpResponseHeaders headers)
    {
        if (headers.TryGetValues("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        return headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero,
            _ => null,
        };
    }
}
