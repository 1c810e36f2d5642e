using System.Collections.Concurrent;

namespace Drover.Server.SelfHosted;

/// <summary>
/// Wakes this instance's long polls when an item is queued for their environment, so a poll answers at once instead
/// of at the end of its <c>block_ms</c>. Only a latency aid: the queue itself is in the store, and a poll on another
/// instance finds the item at its next attempt.
/// </summary>
internal sealed class WorkWakeups
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _signals = new(StringComparer.Ordinal);

    /// <summary>The signal the next <see cref="Ring"/> for the environment completes; take it before looking at the queue.</summary>
    public Task Current(string environmentId) =>
        _signals.GetOrAdd(environmentId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Ring(string environmentId)
    {
        if (_signals.TryRemove(environmentId, out var signal))
        {
            signal.TrySetResult();
        }
    }
}
