using System.Net;
using Drover.Server.WebConsole;

namespace Drover.Server.Tests.WebConsole;

/// <summary>The console's files load without a key, carry a strict CSP, and open nothing of <c>/v1</c>.</summary>
public sealed class ConsoleAssetsTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_console_page_loads_without_a_key_and_carries_a_strict_content_security_policy()
    {
        using var http = server.CreateHttpClient(apiKey: null);

        using var page = await http.GetAsync("/console/", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<script type=\"module\" src=\"app.js\">", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(WebConsoleEndpoints.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'self'", WebConsoleEndpoints.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory]
    [InlineData("app.js", "text/javascript")]
    [InlineData("api.js", "text/javascript")]
    [InlineData("session.js", "text/javascript")]
    [InlineData("console.css", "text/css")]
    public async Task Every_module_and_the_stylesheet_are_served(string file, string mediaType)
    {
        using var http = server.CreateHttpClient(apiKey: null);

        using var response = await http.GetAsync($"/console/{file}", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task The_bare_path_redirects_to_the_page_and_unknown_files_are_404s()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress };

        using var bare = await http.GetAsync("/console", Ct);
        using var missing = await http.GetAsync("/console/nope.js", Ct);

        Assert.Equal(HttpStatusCode.Redirect, bare.StatusCode);
        Assert.Equal("/console/", bare.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task The_api_still_asks_for_a_key_and_sends_no_console_headers()
    {
        using var http = server.CreateHttpClient(apiKey: null);

        using var response = await http.GetAsync("/v1/sessions", Ct);

        await ApiAssert.ErrorAsync(response, HttpStatusCode.Unauthorized, "authentication_error", field: null);
        Assert.False(response.Headers.Contains("Content-Security-Policy"));
    }
}
