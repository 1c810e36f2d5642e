using System.Diagnostics;
using Drover.Server;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Bench;

/// <summary>The server under test, in a child process of its own so its memory can be measured apart from the clients.</summary>
internal static class BenchServer
{
    public const string ApiKey = "sk-drover-bench-admin-key-000000000000";

    /// <summary>Child mode: runs a server on a temporary data directory, creates one session, prints "READY url session" and serves until stdin closes.</summary>
    public static async Task<int> ServeAsync()
    {
        var data = Directory.CreateTempSubdirectory("drover-bench-server-");
        try
        {
            // The harness is off: with it on, every posted user.message would start a turn (and, with no model
            // configured, a session.error and status events), so the stream would carry several events per post.
            await using var app = DroverServer.Build(["--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={data.FullName}", $"--DROVER_ADMIN_API_KEY={ApiKey}", "--Logging:LogLevel:Default=Warning", "--Harness:Enabled=false"]);
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var sessionId = await CreateSessionAsync(new Uri(url));
            Console.WriteLine($"READY {url} {sessionId}");
            await Console.In.ReadToEndAsync();
            await app.StopAsync();
            return 0;
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>Starts the child and returns it with its address and session.</summary>
    public static (Process Process, Uri Url, string SessionId) Start()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BenchServer).Assembly.Location);
        }

        start.ArgumentList.Add("serve-for-bench");
        var process = Process.Start(start)!;
        while (process.StandardOutput.ReadLine() is { } line)
        {
            if (line.StartsWith("READY ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                return (process, new Uri(parts[1]), parts[2]);
            }
        }

        throw new InvalidOperationException("The bench server exited before it was ready.");
    }

    /// <summary>An agent, an environment and a session, created through the API as any client would.</summary>
    private static async Task<string> CreateSessionAsync(Uri url)
    {
        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Add("x-api-key", ApiKey);
        var agent = await PostAsync(http, "/v1/agents", """{"name":"bench","model":"claude-sonnet-4-5"}""");
        var environment = await PostAsync(http, "/v1/environments", """{"name":"bench"}""");
        return await PostAsync(http, "/v1/sessions", $$"""{"agent":"{{agent}}","environment_id":"{{environment}}","title":"bench"}""");
    }

    private static async Task<string> PostAsync(HttpClient http, string path, string body)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("id").GetString()!;
    }
}
