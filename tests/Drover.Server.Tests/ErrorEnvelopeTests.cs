using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Server.Tests;

/// <summary>Requests no endpoint answers still get the Anthropic error envelope and a request id.</summary>
public sealed class ErrorEnvelopeTests : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drover-errors-");
    private WebApplication? _app;
    private HttpClient? _http;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _app = DroverServer.Build(["--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={_root.FullName}", $"--DROVER_ADMIN_API_KEY={DroverServerFixture.AdminApiKey}"]);
        await _app.StartAsync(Ct);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    /// <summary>Under <c>/v1</c> the key is checked before routing, so without one even an unknown route is a 401.</summary>
    [Theory]
    [InlineData("GET", "/v1/nothing-here", true, 404, "not_found_error")]
    [InlineData("DELETE", "/v1/drover/api_keys", true, 405, "invalid_request_error")]
    [InlineData("GET", "/v1/nothing-here", false, 401, "authentication_error")]
    [InlineData("GET", "/nothing-here", false, 404, "not_found_error")]
    public async Task Unanswered_requests_get_the_error_envelope(string method, string path, bool withKey, int status, string type)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (withKey)
        {
            request.Headers.Add("x-api-key", DroverServerFixture.AdminApiKey);
        }

        using var response = await _http!.SendAsync(request, Ct);

        Assert.Equal((HttpStatusCode)status, response.StatusCode);
        var requestId = Assert.Single(response.Headers.GetValues("request-id"));
        Assert.StartsWith("req_", requestId, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        Assert.Equal(type, body.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("error").GetProperty("message").GetString()));
        Assert.Equal(requestId, body.RootElement.GetProperty("request_id").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Delete(recursive: true);
    }
}
