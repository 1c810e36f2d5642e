using Drover.Sessions;
using Npgsql;

namespace Drover.Storage.Postgres;

public sealed partial class PostgresSessionLog
{
    // Lease times come from the injected TimeProvider, as in the SQLite store, not from the database's now().
    public async Task<SessionLease?> TryAcquireLeaseAsync(string sessionId, string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sessionId);
        ArgumentException.ThrowIfNullOrEmpty(holder);
        if (!IsStorable(holder))
        {
            throw new ArgumentException("Lease holders cannot contain NUL characters.", nameof(holder));
        }

        if (!IsStorable(sessionId))
        {
            throw new SessionNotFoundException(sessionId);
        }

        var now = Now();
        var expires = now + TimeSpan.FromMilliseconds((long)duration.TotalMilliseconds);
        await using var command = _dataSource.CreateCommand("""
            WITH acquired AS (
                UPDATE sessions SET lease_epoch = lease_epoch + 1, lease_holder = $2, lease_expires_at = $3
                WHERE id = $1 AND (lease_holder IS NULL OR lease_expires_at <= $4 OR lease_holder = $2)
                RETURNING lease_epoch
            )
            SELECT (SELECT lease_epoch FROM acquired), EXISTS (SELECT 1 FROM sessions WHERE id = $1)
            """);
        command.Parameters.Add(Text(sessionId));
        command.Parameters.Add(Text(holder));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expires });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (!reader.IsDBNull(0))
        {
            return new SessionLease(sessionId, holder, reader.GetInt64(0), expires);
        }

        return reader.GetBoolean(1) ? null : throw new SessionNotFoundException(sessionId);
    }

    public async Task<bool> RenewLeaseAsync(SessionLease lease, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        var expires = Now() + TimeSpan.FromMilliseconds((long)duration.TotalMilliseconds);
        return await UpdateLeaseAsync(lease, "lease_expires_at = $4", expires, cancellationToken) == 1;
    }

    public async Task ReleaseLeaseAsync(SessionLease lease, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        await UpdateLeaseAsync(lease, "lease_holder = NULL, lease_expires_at = NULL", null, cancellationToken);
    }

    private async Task<int> UpdateLeaseAsync(SessionLease lease, string set, DateTimeOffset? expires, CancellationToken cancellationToken)
    {
        if (!IsStorable(lease.SessionId) || !IsStorable(lease.Holder))
        {
            return 0;
        }

        await using var command = _dataSource.CreateCommand($"UPDATE sessions SET {set} WHERE id = $1 AND lease_epoch = $2 AND lease_holder = $3");
        command.Parameters.Add(Text(lease.SessionId));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lease.Epoch });
        command.Parameters.Add(Text(lease.Holder));
        if (expires is { } at)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
