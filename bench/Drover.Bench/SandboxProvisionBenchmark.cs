using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Drover.Events;
using Drover.Hands;
using Drover.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Drover.Bench;

/// <summary>
/// Issue-5 figures through <see cref="IHands"/> directly (real bubblewrap): a fresh session's first <c>bash</c> call,
/// which provisions its sandbox, and the round trip of a <c>bash</c> call in a warm sandbox minus the command's own
/// time (measured inside the sandbox with <c>$EPOCHREALTIME</c>).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class SandboxProvisionBenchmark
{
    private static readonly JsonElement s_cloud = JsonDocument.Parse("""{"type":"cloud"}""").RootElement.Clone();

    public static async Task RunAsync(int sessions, int warmCalls)
    {
        foreach (var cgroups in new[] { true, false })
        {
            var data = Directory.CreateTempSubdirectory("drover-bench-sandbox-");
            File.SetUnixFileMode(data.FullName, (UnixFileMode)Convert.ToInt32("755", 8));
            try
            {
                await using var services = Build(data.FullName, cgroups);
                var hands = services.GetRequiredService<IHands>();
                await ColdAsync(hands, sessions, cgroups);
                if (cgroups)
                {
                    await WarmAsync(hands, warmCalls);
                }
            }
            finally
            {
                data.Delete(recursive: true);
            }
        }
    }

    private static async Task ColdAsync(IHands hands, int sessions, bool cgroups)
    {
        var samples = new List<double>();
        for (var i = -3; i < sessions; i++)
        {
            var session = "sesn_bench" + Guid.NewGuid().ToString("N");
            var started = Stopwatch.GetTimestamp();
            var output = await hands.ExecuteAsync(Bash(session, "true"), CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (output.IsError)
            {
                throw new InvalidOperationException(Text(output));
            }

            if (i >= 0)
            {
                samples.Add(elapsed);
            }

            await hands.DiscardSessionAsync(session, CancellationToken.None);
        }

        Console.WriteLine($"provision + first bash result, cgroups {(cgroups ? "on" : "off")}: {SandboxQuantiles.Summary(samples)}   (targets p50 <= 30 ms, p95 <= 80 ms)");
    }

    private static async Task WarmAsync(IHands hands, int calls)
    {
        var session = "sesn_bench" + Guid.NewGuid().ToString("N");
        await hands.ExecuteAsync(Bash(session, "true"), CancellationToken.None);
        var roundTrips = new List<double>();
        var own = new List<double>();
        var overhead = new List<double>();
        for (var i = -20; i < calls; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var output = await hands.ExecuteAsync(Bash(session, "s=$EPOCHREALTIME; /bin/true; e=$EPOCHREALTIME; echo \"$s $e\""), CancellationToken.None);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var times = Text(output).Split(' ').Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
            var inside = (times[1] - times[0]) * 1000;
            if (i >= 0)
            {
                roundTrips.Add(elapsed);
                own.Add(inside);
                overhead.Add(elapsed - inside);
            }
        }

        await hands.DiscardSessionAsync(session, CancellationToken.None);
        Console.WriteLine($"warm bash round trip of `/bin/true`: {SandboxQuantiles.Summary(roundTrips)}");
        Console.WriteLine($"  the command's own time (inside the sandbox): {SandboxQuantiles.Summary(own)}");
        Console.WriteLine($"  overhead (round trip minus own time): {SandboxQuantiles.Summary(overhead)}   (target p50 <= 5 ms)");
    }

    private static ServiceProvider Build(string dataDirectory, bool cgroups)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sandbox:DataDirectory"] = dataDirectory,
            ["Sandbox:Limits:UseCgroups"] = cgroups ? "true" : "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning).AddConsole());
        services.AddDroverSandbox(configuration);
        return services.BuildServiceProvider();
    }

    private static ToolCall Bash(string session, string command) =>
        new(session, "sevt_" + Guid.NewGuid().ToString("N"), "bash", JsonSerializer.SerializeToElement(new { command }), new SandboxRecipe("env_bench", s_cloud));

    private static string Text(ToolOutput output) => string.Concat(output.Content.OfType<TextBlock>().Select(t => t.Text));
}
