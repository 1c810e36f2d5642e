using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Drover.Ids;
using Drover.Server.Auth;

namespace Drover.Server.Tests.Auth;

/// <summary>Every <c>/v1</c> request needs a valid key, in either header; <c>/health</c> needs none; the SDK's version and beta headers are accepted.</summary>
public sealed class CredentialMiddlewareTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private static readonly string s_sessionId = DroverIds.New(DroverIds.Session);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> ProtectedRoutes => new()
    {
        { "GET", $"/v1/sessions/{s_sessionId}/events" },
        { "POST", "/v1/sessions/x/events" },
        { "GET", $"/v1/sessions/{s_sessionId}/events/stream" },
        { "GET", "/v1/drover/api_keys" },
        { "POST", "/v1/drover/api_keys" },
        { "GET", "/v1/nothing-here" },
        { "GET", "/V1/drover/api_keys" },
    };

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Request_without_a_key_is_401_asking_for_one(string method, string path)
    {
        using var http = server.CreateHttpClient(apiKey: null);
        using var response = await http.SendAsync(Request(method, path), Ct);

        var message = await ErrorAssert.EnvelopeAsync(response, HttpStatusCode.Unauthorized, "authentication_error");
        Assert.Equal("A valid API key is required: send it as x-api-key or Authorization: Bearer.", message);
    }

    [Theory]
    [MemberData(nameof(ProtectedRoutes))]
    public async Task Request_with_an_unknown_key_is_401(string method, string path)
    {
        using var http = server.CreateHttpClient("sk-drover-this-key-was-never-created-0000000000");
        using var response = await http.SendAsync(Request(method, path), Ct);

        var message = await ErrorAssert.EnvelopeAsync(response, HttpStatusCode.Unauthorized, "authentication_error");
        Assert.Equal(CredentialMiddleware.InvalidMessage, message);
    }

    [Fact]
    public async Task Health_needs_no_key()
    {
        using var http = server.CreateHttpClient(apiKey: null);

        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("x-api-key", "{0}")]
    [InlineData("Authorization", "Bearer {0}")]
    [InlineData("Authorization", "bearer {0}")]
    public async Task Key_is_accepted_in_either_header(string header, string format)
    {
        using var http = server.CreateHttpClient(apiKey: null);
        using var request = Request("GET", "/v1/drover/api_keys");
        request.Headers.TryAddWithoutValidation(header, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, DroverServerFixture.AdminApiKey));

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Other_authorization_schemes_count_as_no_key()
    {
        using var http = server.CreateHttpClient(apiKey: null);
        using var request = Request("GET", "/v1/drover/api_keys");
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(DroverServerFixture.AdminApiKey)));

        using var response = await http.SendAsync(request, Ct);

        var message = await ErrorAssert.EnvelopeAsync(response, HttpStatusCode.Unauthorized, "authentication_error");
        Assert.StartsWith("A valid API key is required", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task X_api_key_is_used_when_both_headers_are_sent()
    {
        using var http = server.CreateHttpClient("sk-drover-wrong-key-000000000000000");
        using var request = Request("GET", "/v1/drover/api_keys");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DroverServerFixture.AdminApiKey);

        using var response = await http.SendAsync(request, Ct);

        await ErrorAssert.EnvelopeAsync(response, HttpStatusCode.Unauthorized, "authentication_error");
    }

    [Fact]
    public async Task Overlong_key_is_refused_like_an_unknown_one()
    {
        using var http = server.CreateHttpClient(new string('k', 10_000));

        using var response = await http.GetAsync(new Uri("/v1/drover/api_keys", UriKind.Relative), Ct);

        Assert.Equal(CredentialMiddleware.InvalidMessage, await ErrorAssert.EnvelopeAsync(response, HttpStatusCode.Unauthorized, "authentication_error"));
    }

    [Theory]
    [InlineData("2026-10-21", "/v1/drover/api_keys")]
    [InlineData("1999-01-01", "/v1/drover/api_keys?beta=true")]
    public async Task Version_and_beta_headers_are_accepted_as_the_sdks_send_them(string version, string path)
    {
        using var http = server.CreateHttpClient(apiKey: null);
        using var request = Request("GET", path);
        request.Headers.Add("x-api-key", DroverServerFixture.AdminApiKey);
        request.Headers.Add("anthropic-version", version);
        request.Headers.Add("anthropic-beta", ["files-api-2025-04-14,managed-agents-2026-04-01", "oauth-2025-04-20"]);

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_v1_route_with_a_key_is_404()
    {
        using var http = server.CreateHttpClient();

        using var response = await http.GetAsync(new Uri("/v1/nothing-here", UriKind.Relative), Ct);

        await ErrorAssert.EnvelopeAsync(response, HttpStatusCode.NotFound, "not_found_error");
    }

    private static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null,
    };
}
