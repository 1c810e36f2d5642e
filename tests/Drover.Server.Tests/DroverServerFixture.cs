using Anthropic;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Server.Tests;

/// <summary>
/// A real Drover server for a test class: Kestrel on a free loopback port, a SQLite file in a temporary
/// folder, and a known admin API key. Hands out raw HTTP clients and the official Anthropic SDK client.
/// </summary>
public class DroverServerFixture : IAsyncLifetime
{
    /// <summary>The admin key the server is started with (<c>DROVER_ADMIN_API_KEY</c>).</summary>
    public const string AdminApiKey = "sk-drover-test-admin-0123456789abcdef";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("drover-api-");
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public string DataDirectory => _root.FullName;

    /// <summary>The SSE heartbeat interval the server runs with, short so tests see pings.</summary>
    public static TimeSpan HeartbeatInterval { get; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Extra server arguments a derived fixture wants (configuration as <c>--Key=Value</c>).</summary>
    protected virtual IEnumerable<string> ExtraArguments => [];

    /// <summary>Changes a derived fixture makes to the server's builder (a log capture, say).</summary>
    protected virtual void ConfigureServer(WebApplicationBuilder builder)
    {
    }

    public virtual async ValueTask InitializeAsync()
    {
        // Sandboxes run as an unprivileged user, who must be able to reach the workspaces (a temp folder is 0700).
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(_root.FullName, File.GetUnixFileMode(_root.FullName) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }

        _app = DroverServer.Build(
        [
            "--urls=http://127.0.0.1:0",
            $"--Storage:DataDirectory={_root.FullName}",
            $"--DROVER_ADMIN_API_KEY={AdminApiKey}",
            "--Logging:LogLevel:Default=Warning",
            $"--EventStream:HeartbeatInterval={HeartbeatInterval}",

            // API tests see sent events stay queued; harness tests (HarnessServerFixture) turn the harness on.
            "--Harness:Enabled=false",
            .. ExtraArguments,
        ], ConfigureServer);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
    }

    /// <summary>An HTTP client that sends the admin key as <c>x-api-key</c> (or no key when <paramref name="apiKey"/> is empty).</summary>
    public HttpClient CreateHttpClient(string? apiKey = AdminApiKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (!string.IsNullOrEmpty(apiKey))
        {
            client.DefaultRequestHeaders.Add("x-api-key", apiKey);
        }

        client.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        client.DefaultRequestHeaders.Add("anthropic-beta", "managed-agents-2026-04-01");
        return client;
    }

    /// <summary>The official C# SDK pointed at this server, with retries off so a refusal surfaces at once.</summary>
    public AnthropicClient CreateSdkClient(string apiKey = AdminApiKey) =>
        new() { ApiKey = apiKey, BaseUrl = BaseAddress.ToString().TrimEnd('/'), MaxRetries = 0 };

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _root.Delete(recursive: true);
    }
}
