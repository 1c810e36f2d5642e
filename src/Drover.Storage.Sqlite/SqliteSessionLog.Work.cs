using Drover.Sessions;

namespace Drover.Storage.Sqlite;

public sealed partial class SqliteSessionLog
{
    public async Task<SessionLease?> ClaimNextAsync(string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var expires = now + (long)duration.TotalMilliseconds;
        using var gate = EnterWriteGate(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // One statement, so the pick and the take are one write under SQLite's single write lock: no two callers get the
        // same session. The subquery reads sessions_claimable in order: free sessions first, then lapsed leases oldest first.
        // A free lease has no expiry (holder and expiry are set and cleared together), so coalesce(expiry, 0) <= now is
        // the same test as TryAcquireLeaseAsync's.
        command.CommandText = """
            UPDATE sessions SET lease_epoch = lease_epoch + 1, lease_holder = $holder, lease_expires_at = $expires
            WHERE id = (
                SELECT id FROM sessions
                WHERE wake_seq > settled_seq AND coalesce(lease_expires_at, 0) <= $now
                ORDER BY coalesce(lease_expires_at, 0)
                LIMIT 1)
            RETURNING id, lease_epoch
            """;
        command.Parameters.AddWithValue("$holder", holder);
        command.Parameters.AddWithValue("$expires", expires);
        command.Parameters.AddWithValue("$now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SessionLease(reader.GetString(0), holder, reader.GetInt64(1), DateTimeOffset.FromUnixTimeMilliseconds(expires))
            : null;
    }

    public async Task<bool> SettleAsync(SessionLease lease, long settledThrough, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfNegative(settledThrough);
        using var gate = EnterWriteGate(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Capped at last_seq: a sequence beyond the log would swallow the wake events that later take those numbers.
        command.CommandText = """
            UPDATE sessions SET settled_seq = max(settled_seq, min($through, last_seq)), lease_holder = NULL, lease_expires_at = NULL
            WHERE id = $id AND lease_epoch = $epoch AND lease_holder = $holder
            RETURNING wake_seq > settled_seq
            """;
        command.Parameters.AddWithValue("$id", lease.SessionId);
        command.Parameters.AddWithValue("$epoch", lease.Epoch);
        command.Parameters.AddWithValue("$holder", lease.Holder);
        command.Parameters.AddWithValue("$through", settledThrough);
        return await command.ExecuteScalarAsync(cancellationToken) is long pending && pending != 0;
    }
}
