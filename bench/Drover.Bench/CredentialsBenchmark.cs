using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Drover.Hands;
using Drover.Harness;
using Drover.Harness.Agents;
using Drover.Harness.Mcp;
using Drover.Resources;
using Drover.Sandbox;
using Drover.Sandbox.Egress;
using Drover.Server.Vaults;
using Drover.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using ModelContextProtocol.Server;

namespace Drover.Bench;

/// <summary>
/// Issue 7: (1) the egress proxy's added latency per plain-HTTP request, without and with a secret substituted, over a
/// direct request on a fresh connection each time (the proxy serves one request per connection); (2) an MCP tool call
/// through the harness's connector (vault lookup in SQLite and AES-GCM per HTTP request, content mapping) over the same
/// call made directly with the MCP client. Everything on loopback, in this process.
/// </summary>
internal static class CredentialsBenchmark
{
    public static async Task RunAsync(int requests)
    {
        Console.WriteLine($"Drover credentials benchmark: {Environment.ProcessorCount} cores, {requests} requests per case");
        await using var upstream = await StartUpstreamAsync();
        await ProxyAsync(upstream.Urls.First(), requests);
        await McpAsync(upstream.Urls.First(), requests);
    }

    private static async Task ProxyAsync(string upstreamUrl, int requests)
    {
        var port = new Uri(upstreamUrl).Port;
        var options = new SandboxOptions();
        options.Egress.AllowPrivateDestinations = true;
        options.Egress.HostMap["api.bench.test"] = "127.0.0.1";
        var connector = new EgressConnector(Options.Create(options), NullLogger<EgressConnector>.Instance);
        var secrets = new FixedSecrets(new SandboxSecret("drover-placeholder-bench", "the-real-secret-value", ["api.bench.test"], InHeaders: true, InBody: true));
        var policy = new NetworkPolicy(true, false, ["api.bench.test"]);

        using var direct = Client(null);
        var directTimes = await TimeAsync(requests, () => direct.GetAsync($"http://127.0.0.1:{port}/"));
        foreach (var (name, withSecrets) in new[] { ("proxy, no secret", false), ("proxy, secret substituted in a header", true) })
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(512);
            using var stop = new CancellationTokenSource();
            var serving = new EgressProxy(connector, withSecrets ? policy with { Secrets = secrets } : policy).ServeAsync(listener, stop.Token);
            using var proxied = Client(new WebProxy($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}"));
            var times = await TimeAsync(requests, () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Get, $"http://api.bench.test:{port}/");
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer drover-placeholder-bench");
                return proxied.SendAsync(request);
            });
            Console.WriteLine($"  {name}: {Percentiles.Summary(times)}; added over direct: p50 {Percentiles.At(times, 0.5) - Percentiles.At(directTimes, 0.5):F3} ms, p99 {Percentiles.At(times, 0.99) - Percentiles.At(directTimes, 0.99):F3} ms");
            await stop.CancelAsync();
            listener.Close();
            await serving;
        }

        Console.WriteLine($"  direct (new connection per request): {Percentiles.Summary(directTimes)}");
    }

    private static async Task McpAsync(string upstreamUrl, int requests)
    {
        var url = new Uri(new Uri(upstreamUrl), "/mcp");
        var folder = Directory.CreateTempSubdirectory("drover-bench-vault-");
        try
        {
            var store = new SqliteResourceStore(new SqliteStoreOptions { Path = Path.Combine(folder.FullName, "bench.db") });
            var vaults = new VaultStore(store, new SecretBox(new byte[32]), TimeProvider.System);
            var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            var stamp = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
            await store.CreateAsync(new ResourceRecord(VaultStore.VaultKind, "vlt_bench", 1, null, now, now, null, VaultJsonContext.Serialize(new VaultDocument("vlt_bench", "bench", new Dictionary<string, string>(), stamp, stamp, null))));
            var auth = new CredentialAuth { Type = CredentialAuth.StaticBearer, McpServerUrl = url.ToString() };
            var credential = new StoredCredential(new CredentialDocument("vcrd_bench", "vlt_bench", null, new Dictionary<string, string>(), auth, stamp, stamp, null), vaults.Seal(new CredentialSecrets { Token = "bench-token-123456" }, "vcrd_bench"));
            await store.CreateAsync(new ResourceRecord(VaultStore.CredentialKind, "vcrd_bench", 1, VaultStore.UniqueName("vlt_bench", auth), now, now, null, VaultJsonContext.Serialize(credential)));
            using var credentials = new VaultCredentials(vaults, NullLogger<VaultCredentials>.Instance);

            await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = url, AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer bench-token-123456" } }, NullLoggerFactory.Instance));
            var arguments = new Dictionary<string, object?> { ["a"] = 2, ["b"] = 3 };
            var direct = await TimeAsync(requests, () => client.CallToolAsync("add", arguments).AsTask());

            var agent = new AgentConfig("bench", null, AgentTools.None with { Mcp = new Dictionary<string, McpToolsetConfig> { ["bench"] = new("bench", true, PermissionPolicies.AlwaysAllow, new Dictionary<string, (bool, string)>()) } })
            {
                McpServers = [new McpServerDefinition("bench", url.ToString())],
            };
            var session = new HarnessSession("sesn_bench", agent, new SandboxRecipe("env_bench", default), false) { VaultIds = ["vlt_bench"] };
            await using var connections = new McpConnector(new McpOptions(), NullLoggerFactory.Instance, credentials).Open(session, new SecretRedactor());
            await connections.ListAsync(CancellationToken.None);
            using var input = System.Text.Json.JsonDocument.Parse("""{"a":2,"b":3}""");
            var viaConnector = await TimeAsync(requests, () => connections.CallAsync("bench", "add", input.RootElement, CancellationToken.None));
            Console.WriteLine($"  MCP call, direct client: {Percentiles.Summary(direct)}");
            Console.WriteLine($"  MCP call, through the connector (vault lookup per request): {Percentiles.Summary(viaConnector)}; overhead p50 {Percentiles.At(viaConnector, 0.5) - Percentiles.At(direct, 0.5):F3} ms, p99 {Percentiles.At(viaConnector, 0.99) - Percentiles.At(direct, 0.99):F3} ms");
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            folder.Delete(recursive: true);
        }
    }

    private static HttpClient Client(IWebProxy? proxy) => new(new SocketsHttpHandler { Proxy = proxy, UseProxy = proxy is not null, PooledConnectionLifetime = TimeSpan.Zero })
    {
        DefaultRequestHeaders = { ConnectionClose = true },
    };

    private static async Task<List<double>> TimeAsync<T>(int count, Func<Task<T>> call)
    {
        for (var i = 0; i < Math.Min(100, count); i++)
        {
            Dispose(await call());
        }

        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            Dispose(await call());
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return times;
    }

    private static void Dispose(object? value)
    {
        if (value is HttpResponseMessage response)
        {
            response.EnsureSuccessStatusCode();
            response.Dispose();
        }
    }

    private static async Task<WebApplication> StartUpstreamAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddMcpServer().WithHttpTransport(o => o.Stateless = true).WithTools(
            [McpServerTool.Create((int a, int b) => a + b, new McpServerToolCreateOptions { Name = "add" })]);
        var app = builder.Build();
        app.MapGet("/", () => "ok");
        app.MapMcp("/mcp");
        await app.StartAsync();
        _ = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        return app;
    }

    private sealed class FixedSecrets(SandboxSecret secret) : ISandboxSecrets
    {
        public IReadOnlyList<SandboxSecretName> Names { get; } = [new SandboxSecretName("API_TOKEN", secret.Placeholder)];

        public Task<IReadOnlyList<SandboxSecret>> ResolveAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<SandboxSecret>>([secret]);
    }
}
