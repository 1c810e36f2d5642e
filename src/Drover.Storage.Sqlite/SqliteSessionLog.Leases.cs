using Drover.Sessions;

namespace Drover.Storage.Sqlite;

public sealed partial class SqliteSessionLog
{
    public async Task<SessionLease?> TryAcquireLeaseAsync(string sessionId, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var expires = now + (long)duration.TotalMilliseconds;
        using var gate = EnterWriteGate(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE sessions SET lease_epoch = lease_epoch + 1, lease_holder = $holder, lease_expires_at = $expires
            WHERE id = $id AND (lease_holder IS NULL OR lease_expires_at <= $now OR lease_holder = $holder)
            RETURNING lease_epoch
            """;
        command.Parameters.AddWithValue("$id", sessionId);
        command.Parameters.AddWithValue("$holder", holder);
        command.Parameters.AddWithValue("$expires", expires);
        command.Parameters.AddWithValue("$now", now);
        if (await command.ExecuteScalarAsync(cancellationToken) is long epoch)
        {
            return new SessionLease(sessionId, holder, epoch, DateTimeOffset.FromUnixTimeMilliseconds(expires));
        }

        await EnsureSessionExistsAsync(connection, sessionId, cancellationToken);
        return null;
    }

    public async Task<bool> RenewLeaseAsync(SessionLease lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var expires = _time.GetUtcNow().ToUnixTimeMilliseconds() + (long)duration.TotalMilliseconds;
        return await UpdateLeaseAsync(lease, "lease_expires_at = $expires", expires, cancellationToken) == 1;
    }

    public async Task ReleaseLeaseAsync(SessionLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await UpdateLeaseAsync(lease, "lease_holder = NULL, lease_expires_at = NULL", null, cancellationToken);
    }

    private async Task<int> UpdateLeaseAsync(SessionLease lease, string set, long? expires, CancellationToken cancellationToken)
    {
        using var gate = EnterWriteGate(cancellationToken);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE sessions SET {set} WHERE id = $id AND lease_epoch = $epoch AND lease_holder = $holder";
        command.Parameters.AddWithValue("$id", lease.SessionId);
        command.Parameters.AddWithValue("$epoch", lease.Epoch);
        command.Parameters.AddWithValue("$holder", lease.Holder);
        command.Parameters.AddWithValue("$expires", (object?)expires ?? DBNull.Value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
