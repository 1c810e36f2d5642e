namespace Drover.Bench;

/// <summary>The <c>sandbox</c> mode (issue 5): provisioning through the hands, then lazy vs eager time to first model call.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal static class SandboxBenchmarks
{
    /// <param name="sessions">Fresh sessions per provisioning row.</param>
    /// <param name="firstModelCall">Also time the first model call, lazy vs eager (<c>sandbox</c>; <c>sandbox-provision</c> skips it).</param>
    public static async Task<int> RunAsync(int sessions, bool firstModelCall = true)
    {
        Console.WriteLine($"Drover sandbox benchmark: {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        Console.WriteLine($"== Sandbox provisioning through IHands (bubblewrap), {sessions} fresh sessions per row ==");
        await SandboxProvisionBenchmark.RunAsync(sessions, warmCalls: 10 * sessions);
        if (firstModelCall)
        {
            var perKind = Math.Max(5, sessions / 2);
            Console.WriteLine($"== Time to first model call, {perKind} sessions per row, server in-process, fake model on loopback ==");
            await FirstModelCallBenchmark.RunAsync(perKind);
        }

        Console.WriteLine($"load average at the end: {LoadAverage()}");
        return 0;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
