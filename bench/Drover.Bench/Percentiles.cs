namespace Drover.Bench;

internal static class Percentiles
{
    /// <summary>Formats p50/(p95/)p99/max of samples in milliseconds.</summary>
    public static string Summary(List<double> millis, bool withP95 = false)
    {
        if (millis.Count == 0)
        {
            return "no samples";
        }

        millis.Sort();
        var p95 = withP95 ? $"p95 {At(millis, 0.95):F3} ms, " : "";
        return $"p50 {At(millis, 0.50):F3} ms, {p95}p99 {At(millis, 0.99):F3} ms, max {millis[^1]:F3} ms (n={millis.Count})";
    }

    /// <summary>The <paramref name="q"/> quantile of sorted samples (nearest rank).</summary>
    public static double At(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
