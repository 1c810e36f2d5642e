using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Server.Tests.Auth;

/// <summary>A Drover server of a test's own on a given data directory, for tests of startup and of shared state.</summary>
internal sealed class AuthTestServer : IAsyncDisposable
{
    private AuthTestServer(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public static async Task<AuthTestServer> StartAsync(string dataDirectory, params string[] arguments)
    {
        var app = DroverServer.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:DataDirectory={dataDirectory}",
            "--Logging:LogLevel:Default=Warning",
            .. arguments,
        ]);
        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AuthTestServer(app, new Uri(address));
    }

    /// <summary>A client sending <paramref name="apiKey"/> as <c>x-api-key</c>.</summary>
    public HttpClient Client(string apiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return client;
    }

    /// <summary>Creates a key through the API with <paramref name="adminKey"/>; returns its id and secret.</summary>
    public async Task<(string Id, string Key)> CreateKeyAsync(string adminKey, string role)
    {
        using var http = Client(adminKey);
        using var response = await http.PostAsJsonAsync("/v1/drover/api_keys", new { name = "test " + role, role }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (body.RootElement.GetProperty("id").GetString()!, body.RootElement.GetProperty("key").GetString()!);
    }

    /// <summary>The ids of the active keys (revoked ones too with <paramref name="includeRevoked"/>).</summary>
    public async Task<List<string>> ListKeyIdsAsync(string adminKey, bool includeRevoked = false)
    {
        using var http = Client(adminKey);
        var json = await http.GetStringAsync(new Uri($"/v1/drover/api_keys?limit=100&include_revoked={(includeRevoked ? "true" : "false")}", UriKind.Relative), TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(json);
        return [.. body.RootElement.GetProperty("data").EnumerateArray().Select(k => k.GetProperty("id").GetString()!)];
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
