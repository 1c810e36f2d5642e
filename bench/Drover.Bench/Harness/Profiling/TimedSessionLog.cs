using Drover.Sessions;

namespace Drover.Bench.Harness.Profiling;

/// <summary>Times every call of the server's session log (tails are passed through).</summary>
internal sealed class TimedSessionLog(ISessionLog inner, CallTimes times) : ISessionLog, IAsyncDisposable
{
    public Task<SessionRecord> CreateSessionAsync(NewSession session, CancellationToken cancellationToken = default) =>
        times.TimeAsync("log.CreateSession", () => inner.CreateSessionAsync(session, cancellationToken));

    public Task<SessionRecord?> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        times.TimeAsync("log.GetSession", () => inner.GetSessionAsync(sessionId, cancellationToken), sessionId);

    public Task<bool> DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        times.TimeAsync("log.DeleteSession", () => inner.DeleteSessionAsync(sessionId, cancellationToken));

    public Task<AppendResult> AppendAsync(string sessionId, IReadOnlyList<NewEvent> events, AppendCondition condition, CancellationToken cancellationToken = default) =>
        times.TimeAsync(condition.LeaseEpoch is null ? "log.Append (client)" : "log.Append (harness)", () => inner.AppendAsync(sessionId, events, condition, cancellationToken), sessionId);

    public Task<IReadOnlyList<StoredEvent>> ReadAsync(string sessionId, EventSlice slice, CancellationToken cancellationToken = default) =>
        times.TimeAsync("log.Read", () => inner.ReadAsync(sessionId, slice, cancellationToken), sessionId);

    public IAsyncEnumerable<StoredEvent> TailAsync(string sessionId, long afterSequence, CancellationToken cancellationToken = default) =>
        inner.TailAsync(sessionId, afterSequence, cancellationToken);

    public Task<SessionLease?> TryAcquireLeaseAsync(string sessionId, string holder, TimeSpan duration, CancellationToken cancellationToken = default) =>
        times.TimeAsync("log.TryAcquireLease", () => inner.TryAcquireLeaseAsync(sessionId, holder, duration, cancellationToken), sessionId);

    public Task<bool> RenewLeaseAsync(SessionLease lease, TimeSpan duration, CancellationToken cancellationToken = default) =>
        times.TimeAsync("log.RenewLease", () => inner.RenewLeaseAsync(lease, duration, cancellationToken), lease.SessionId);

    public Task ReleaseLeaseAsync(SessionLease lease, CancellationToken cancellationToken = default) =>
        times.TimeAsync("log.ReleaseLease", () => inner.ReleaseLeaseAsync(lease, cancellationToken), lease.SessionId);

    public Task<SessionLease?> ClaimNextAsync(string holder, TimeSpan duration, CancellationToken cancellationToken = default) =>
        times.TimeAsync("log.ClaimNext", () => inner.ClaimNextAsync(holder, duration, cancellationToken));

    public Task<bool> SettleAsync(SessionLease lease, long settledThrough, CancellationToken cancellationToken = default) =>
        times.TimeAsync("log.Settle", () => inner.SettleAsync(lease, settledThrough, cancellationToken), lease.SessionId);

    public async ValueTask DisposeAsync()
    {
        if (inner is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
