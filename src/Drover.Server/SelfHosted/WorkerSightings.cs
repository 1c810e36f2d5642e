using System.Collections.Concurrent;

namespace Drover.Server.SelfHosted;

/// <summary>
/// The workers (<c>Anthropic-Worker-ID</c>) seen polling each environment, for the stats' <c>workers_polling</c>
/// (those seen in the last 30 seconds). Per instance and in memory: behind a load balancer each instance counts its own.
/// </summary>
internal sealed class WorkerSightings(TimeProvider time)
{
    private static readonly TimeSpan s_window = TimeSpan.FromSeconds(30);

    // Bounded so a flood of invented worker ids cannot grow memory without end.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<(string Environment, string Worker), DateTimeOffset> _seen = new();

    public void Saw(string environmentId, string workerId)
    {
        if (_seen.Count >= MaxEntries)
        {
            Prune();
        }

        _seen[(environmentId, workerId)] = time.GetUtcNow();
    }

    public int Count(string environmentId)
    {
        var since = time.GetUtcNow() - s_window;
        return _seen.Count(p => p.Key.Environment == environmentId && p.Value >= since);
    }

    private void Prune()
    {
        var since = time.GetUtcNow() - s_window;
        foreach (var entry in _seen.Where(p => p.Value < since).ToList())
        {
            _seen.TryRemove(entry.Key, out _);
        }
    }
}
