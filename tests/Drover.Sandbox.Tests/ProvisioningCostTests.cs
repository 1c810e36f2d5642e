using System.Diagnostics;

namespace Drover.Sandbox.Tests;

/// <summary>
/// Measures what lazy provisioning costs: a cold start (bwrap to the first command's output) and a warm round trip.
/// Prints the figures (docs/sandbox.md quotes a quiet run) and bounds them loosely so a regression shows.
/// </summary>
public sealed class ProvisioningCostTests(ITestOutputHelper output)
{
    private const int Runs = 15;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Cold_start_to_first_output_and_warm_round_trip_are_measured(bool useCgroups)
    {
        await using var hands = TestHands.Create(o => o.Limits.UseCgroups = useCgroups);
        var cold = new List<double>();
        var warm = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            hands.SessionId = $"sesn_cost{i}";
            var started = Stopwatch.GetTimestamp();
            Assert.Equal("ready", await hands.BashAsync("echo ready"));
            cold.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

            started = Stopwatch.GetTimestamp();
            await hands.BashAsync("true");
            warm.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            await hands.Hands.DiscardSessionAsync(hands.SessionId, TestContext.Current.CancellationToken);
        }

        output.WriteLine($"cgroups: {useCgroups}");
        output.WriteLine($"cold start to first output: p50 {Percentile(cold, 50):0.0} ms, p95 {Percentile(cold, 95):0.0} ms");
        output.WriteLine($"warm round trip (true):     p50 {Percentile(warm, 50):0.00} ms, p95 {Percentile(warm, 95):0.00} ms");
        Assert.True(Percentile(cold, 50) < 1000, "cold start p50 over a second");
        Assert.True(Percentile(warm, 50) < 200, "warm round trip p50 over 200 ms");
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }
}
