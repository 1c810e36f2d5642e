using System.Globalization;

namespace Drover.Bench;

/// <summary>The machine's load average, printed with every figure: other work on the two cores moves the numbers.</summary>
internal static class BenchLoad
{
    /// <summary>"load 0.42 0.80 1.10" (1, 5 and 15 minutes) from /proc/loadavg, and the date.</summary>
    public static string Now()
    {
        var fields = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"load {fields[0]} {fields[1]} {fields[2]}, {DateTime.Now.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}";
    }

    public static double OneMinute() => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}
