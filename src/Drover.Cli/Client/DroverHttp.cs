using System.Net.Http.Headers;

namespace Drover.Cli.Client;

/// <summary>Plain HTTP to the server with the headers the SDK would send.</summary>
internal static class DroverHttp
{
    public const string BetaHeader = "managed-agents-2026-04-01";

    public static HttpClient Create(ConnectionSettings connection)
    {
        // Streams stay open for as long as the user watches; each request bounds its own wait instead.
        var http = new HttpClient { BaseAddress = connection.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        if (connection.ApiKey is not null)
        {
            http.DefaultRequestHeaders.Add("x-api-key", connection.ApiKey);
        }

        http.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        http.DefaultRequestHeaders.Add("anthropic-beta", BetaHeader);
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("drover-cli", "1.0"));
        return http;
    }
}
