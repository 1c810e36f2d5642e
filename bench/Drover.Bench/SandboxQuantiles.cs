namespace Drover.Bench;

/// <summary>p50 and p95 of samples in milliseconds, as the sandbox figures (issue 5) are stated.</summary>
internal static class SandboxQuantiles
{
    public static double At(IReadOnlyList<double> samples, double q)
    {
        var sorted = samples.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1))];
    }

    public static string Summary(IReadOnlyList<double> samples) =>
        samples.Count == 0 ? "no samples" : $"p50 {At(samples, 0.50):F1} ms, p95 {At(samples, 0.95):F1} ms, max {samples.Max():F1} ms (n={samples.Count})";
}
