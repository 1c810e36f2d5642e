using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Drover.Bench.Harness.Profiling;
using Drover.FakeModel;
using Drover.Resources;
using Drover.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Drover.Sessions;

namespace Drover.Bench.Harness;

/// <summary>
/// The harness benchmark's world, all in this process: the real server (<see cref="DroverServer.Build"/>, SQLite in a
/// temporary data directory, harness on with its default settings, Kestrel on loopback) and the scripted fake of the
/// Anthropic Messages API it is pointed at through <c>ANTHROPIC_BASE_URL</c>. Clients use the real HTTP API.
/// </summary>
internal sealed class HarnessBenchHost : IAsyncDisposable
{
    public const string ApiKey = "sk-drover-bench-admin-key-000000000000";

    private readonly DirectoryInfo _data;
    private readonly SocketsHttpHandler _handler;
    private string _agentId = "";
    private string _environmentId = "";

    private HarnessBenchHost(FakeAnthropicServer model, WebApplication app, DirectoryInfo data, Uri baseAddress)
    {
        Model = model;
        App = app;
        _data = data;
        BaseAddress = baseAddress;
        _handler = new SocketsHttpHandler { MaxConnectionsPerServer = 10_000, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        Http = new HttpClient(_handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
    }

    public FakeAnthropicServer Model { get; }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public string DataDirectory => _data.FullName;

    public HttpClient Http { get; }

    /// <summary>
    /// Starts the fake model (recording off: long runs would keep every request; validation and
    /// the socket polling of delayed replies off: they are the test double's CPU, not the harness's) and the server, and creates one agent and one environment. With <paramref name="profile"/>, every store call the server makes is timed into it.
    /// </summary>
    public static async Task<HarnessBenchHost> StartAsync(CallTimes? profile = null, params string[] extraArguments)
    {
        var model = await FakeAnthropicServer.StartAsync(new FakeAnthropicServerOptions { RecordRequests = false, Validate = false, WatchDisconnects = false });
        var data = Directory.CreateTempSubdirectory("drover-bench-harness-");
        if (OperatingSystem.IsLinux())
        {
            // Sandboxes (the selfhosted mode's in-server calls) run as an unprivileged user who must reach the workspaces.
            File.SetUnixFileMode(data.FullName, (UnixFileMode)Convert.ToInt32("755", 8));
        }

        var app = DroverServer.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:DataDirectory={data.FullName}",
            $"--DROVER_ADMIN_API_KEY={ApiKey}",
            "--Logging:LogLevel:Default=Warning",
            "--Harness:Enabled=true",
            $"--ANTHROPIC_BASE_URL={model.BaseUrl}",
            "--ANTHROPIC_API_KEY=sk-ant-bench",
            .. extraArguments,
        ], builder =>
        {
            if (profile is not null)
            {
                Decorate<ISessionLog>(builder.Services, log => new TimedSessionLog(log, profile));
                Decorate<IResourceStore>(builder.Services, store => new TimedResourceStore(store, profile));
            }
        });
        await app.StartAsync();
        var url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var host = new HarnessBenchHost(model, app, data, url);
        host._agentId = await host.PostForIdAsync("/v1/agents", """{"name":"bench","model":"claude-sonnet-4-5","system":"Echo."}""");
        host._environmentId = await host.PostForIdAsync("/v1/environments", """{"name":"bench","config":{"type":"cloud"}}""");
        return host;
    }

    public Task<string> CreateSessionAsync() => CreateSessionAsync(_environmentId);

    public Task<string> CreateSessionAsync(string environmentId) =>
        PostForIdAsync("/v1/sessions", $$"""{"agent":"{{_agentId}}","environment_id":"{{environmentId}}"}""");

    /// <summary>Creates another agent (e.g. one with tools) and makes it the one new sessions use.</summary>
    public async Task UseAgentAsync(string agentJson) => _agentId = await PostForIdAsync("/v1/agents", agentJson);

    /// <summary>POSTs <paramref name="body"/> and returns the answer's JSON.</summary>
    public async Task<JsonElement> PostAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri(path, UriKind.Relative), content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        }

        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }

    /// <summary>Sends one <c>user.message</c> (text without characters that need JSON escaping) and returns when the API has accepted it.</summary>
    public async Task SendMessageAsync(string sessionId, string text)
    {
        using var content = new StringContent($$"""{"events":[{"type":"user.message","content":[{"type":"text","text":"{{text}}"}]}]}""", Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri($"/v1/sessions/{sessionId}/events", UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    public async Task DeleteSessionAsync(string sessionId)
    {
        using var response = await Http.DeleteAsync(new Uri($"/v1/sessions/{sessionId}", UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Opens the session's event stream (a raw socket) to learn when turns end.</summary>
    public Task<IdleStream> WatchAsync(string sessionId) => IdleStream.OpenAsync(BaseAddress, ApiKey, sessionId);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        _handler.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Model.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Delete(recursive: true);
    }

    private static void Decorate<T>(IServiceCollection services, Func<T, T> wrap)
        where T : class
    {
        var inner = services.Single(d => d.ServiceType == typeof(T));
        services.Remove(inner);
        services.AddSingleton(sp => wrap((T)inner.ImplementationFactory!(sp)));
    }

    private async Task<string> PostForIdAsync(string path, string body) => (await PostAsync(path, body)).GetProperty("id").GetString()!;
}
