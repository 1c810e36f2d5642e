using System.Collections.Concurrent;
using System.Diagnostics;

namespace Drover.Bench.Harness.Profiling;

/// <summary>
/// Durations of the store calls the server makes, by call name, and each session's calls in time order (a timeline),
/// for finding where a turn's time goes.
/// </summary>
internal sealed class CallTimes
{
    // The store may do its work before returning the task (SQLite does), so the clock starts before the call.
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _calls = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Call>> _timelines = new(StringComparer.Ordinal);

    /// <summary>One store call of a session: Stopwatch timestamps.</summary>
    public readonly record struct Call(string Name, long Start, long End);

    public async Task<T> TimeAsync<T>(string name, Func<Task<T>> call, string? sessionId = null)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            Add(name, start, sessionId);
        }
    }

    public async Task TimeAsync(string name, Func<Task> call, string? sessionId = null)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            await call();
        }
        finally
        {
            Add(name, start, sessionId);
        }
    }

    /// <summary>The session's calls that started in [<paramref name="from"/>, <paramref name="to"/>], in start order.</summary>
    public List<Call> Between(string sessionId, long from, long to) =>
        _timelines.TryGetValue(sessionId, out var calls) ? [.. calls.Where(c => c.Start >= from && c.Start <= to).OrderBy(c => c.Start)] : [];

    public void Clear()
    {
        _calls.Clear();
        _timelines.Clear();
    }

    public void Print()
    {
        foreach (var (name, bag) in _calls.OrderByDescending(c => c.Value.Sum()))
        {
            var samples = bag.ToList();
            Console.WriteLine($"  {name,-28} {samples.Count,7} calls, total {samples.Sum() / 1000:F1} s: {Percentiles.Summary(samples, withP95: true)}");
        }
    }

    private void Add(string name, long start, string? sessionId)
    {
        var end = Stopwatch.GetTimestamp();
        _calls.GetOrAdd(name, static _ => []).Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
        if (sessionId is not null)
        {
            _timelines.GetOrAdd(sessionId, static _ => new ConcurrentQueue<Call>()).Enqueue(new Call(name, start, end));
        }
    }
}
