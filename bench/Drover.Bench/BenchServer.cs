using System.Diagnostics;
using Drover.Ids;
using Drover.Resources;
using Drover.Server;
using Drover.Sessions;
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
            await using var app = DroverServer.Build(["--urls=http://127.0.0.1:0", $"--Storage:DataDirectory={data.FullName}", $"--DROVER_ADMIN_API_KEY={ApiKey}", "--Logging:LogLevel:Default=Warning"]);
            await app.StartAsync();
            var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var sessionId = await CreateSessionAsync(app.Services);
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

    private static async Task<string> CreateSessionAsync(IServiceProvider services)
    {
        var id = DroverIds.New(DroverIds.Session);
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var stamp = now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        var data = $$"""{"id":"{{id}}","type":"session","status":"idle","title":"bench","environment_id":"{{DroverIds.New(DroverIds.Environment)}}","metadata":{},"created_at":"{{stamp}}","updated_at":"{{stamp}}","archived_at":null}""";
        await services.GetRequiredService<IResourceStore>().CreateAsync(new ResourceRecord("session", id, 1, null, now, now, null, data));
        await services.GetRequiredService<ISessionLog>().CreateSessionAsync(new NewSession(id, "{}"));
        return id;
    }
}
