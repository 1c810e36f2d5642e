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
        _app = DroverServer.Build(["--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={_root.FullName}"]);
        await _app.StartAsync(Ct);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address) };
    }

    [Theory]
    [InlineData("GET", "/v1/nothing-here", 404, "not_found_error")]
    public async Task Unanswered_requests_get_the_error_envelope(string method, string path, int status, string type)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
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
