using System.Collections.Concurrent;
using System.Diagnostics;

namespace Drover.Bench.Harness.Profiling;

/// <summary>Durations of the store calls the server makes, by call name, for finding where a turn's time goes.</summary>
internal sealed class CallTimes
{
    // The store may do its work before returning the task (SQLite does), so the clock starts before the call.
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _calls = new(StringComparer.Ordinal);

    public async Task<T> TimeAsync<T>(string name, Func<Task<T>> call)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            Add(name, start);
        }
    }

    public async Task TimeAsync(string name, Func<Task> call)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await call();
        }
        finally
        {
            Add(name, start);
        }
    }

    public void Clear() => _calls.Clear();

    public void Print()
    {
        foreach (var (name, bag) in _calls.OrderByDescending(c => c.Value.Sum()))
        {
            var samples = bag.ToList();
            Console.WriteLine($"  {name,-28} {samples.Count,7} calls, total {samples.Sum() / 1000:F1} s: {Percentiles.Summary(samples, withP95: true)}");
        }
    }

    private void Add(string name, long start) =>
        _calls.GetOrAdd(name, static _ => []).Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
}
