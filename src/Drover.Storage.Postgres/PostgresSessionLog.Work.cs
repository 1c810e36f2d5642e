using Drover.Sessions;
using Npgsql;

namespace Drover.Storage.Postgres;

public sealed partial class PostgresSessionLog
{
    /// <summary>
    /// Picks one session with unsettled work and a free or lapsed lease from sessions_claimable (free sessions first,
    /// then lapsed leases oldest first) and takes its lease. SKIP LOCKED: concurrent claimers, in this instance or others,
    /// pass over a row another one is taking instead of waiting for it, so each gets a different session. A row that
    /// changed under the lock (settled, or claimed and committed) is re-checked against the WHERE before it is taken.
    /// A free lease has no expiry (holder and expiry are set and cleared together), so the COALESCE test is the same as
    /// TryAcquireLeaseAsync's.
    /// </summary>
    private const string ClaimSql = """
        WITH picked AS (
            SELECT id FROM sessions
            WHERE wake_seq > settled_seq AND COALESCE(lease_expires_at, '-infinity'::timestamptz) <= $2
            ORDER BY COALESCE(lease_expires_at, '-infinity'::timestamptz)
            LIMIT 1
            FOR UPDATE SKIP LOCKED
        )
        UPDATE sessions SET lease_epoch = sessions.lease_epoch + 1, lease_holder = $1, lease_expires_at = $3
        FROM picked
        WHERE sessions.id = picked.id
        RETURNING sessions.id, sessions.lease_epoch
        """;

    /// <summary>Capped at last_seq: a sequence beyond the log would swallow the wake events that later take those numbers.</summary>
    private const string SettleSql = """
        UPDATE sessions SET settled_seq = GREATEST(settled_seq, LEAST($4, last_seq)), lease_holder = NULL, lease_expires_at = NULL
        WHERE id = $1 AND lease_epoch = $2 AND lease_holder = $3
        RETURNING wake_seq > settled_seq
        """;

    public async Task<SessionLease?> ClaimNextAsync(string holder, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(holder);
        if (!IsStorable(holder))
        {
            throw new ArgumentException("Lease holders cannot contain NUL characters.", nameof(holder));
        }

        var now = Now();
        var expires = now + TimeSpan.FromMilliseconds((long)duration.TotalMilliseconds);
        await using var command = _dataSource.CreateCommand(ClaimSql);
        command.Parameters.Add(Text(holder));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = expires });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new SessionLease(reader.GetString(0), holder, reader.GetInt64(1), expires)
            : null;
    }

    public async Task<bool> SettleAsync(SessionLease lease, long settledThrough, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lease);
        ArgumentOutOfRangeException.ThrowIfNegative(settledThrough);
        if (!IsStorable(lease.SessionId) || !IsStorable(lease.Holder))
        {
            return false;
        }

        await using var command = _dataSource.CreateCommand(SettleSql);
        command.Parameters.Add(Text(lease.SessionId));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lease.Epoch });
        command.Parameters.Add(Text(lease.Holder));
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = settledThrough });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}
