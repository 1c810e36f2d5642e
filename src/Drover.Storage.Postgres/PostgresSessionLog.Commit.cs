using Drover.Sessions;
using Npgsql;
using NpgsqlTypes;

namespace Drover.Storage.Postgres;

public sealed partial class PostgresSessionLog
{
    // Payloads must stay under PostgreSQL's 8000-byte limit; a longer session id notifies "*" (every tail re-reads).
    private const int MaxNotifiedIdBytes = 7000;

    /// <summary>
    /// One append as one statement: reserve the sequences if the condition holds (and mark the session's work when the
    /// batch wakes it, $11), insert the events after them, notify other instances. A refused append matches no session
    /// row, so it inserts nothing and returns no row, without failing the transaction that carries the rest of the group.
    /// An append without a wake event writes wake_seq back unchanged, which keeps the row update HOT.
    /// </summary>
    private const string AppendSql = """
        WITH advanced AS (
            UPDATE sessions SET last_seq = last_seq + $2, wake_seq = CASE WHEN $11 THEN last_seq + $2 ELSE wake_seq END
            WHERE id = $1 AND ($3::bigint IS NULL OR last_seq = $3) AND ($4::bigint IS NULL OR lease_epoch = $4)
            RETURNING last_seq
        ), inserted AS (
            INSERT INTO events (session_id, seq, id, type, appended_at, json)
            SELECT $1, advanced.last_seq - $2 + e.ord, e.id, e.type, $8, e.json
            FROM advanced, unnest($5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS e (id, type, json, ord)
        )
        SELECT last_seq, pg_notify($9, CASE WHEN octet_length($1) <= $10 THEN $1 || ':' || last_seq ELSE '*' END)
        FROM advanced
        """;

    /// <summary>
    /// Writes a group of appends as one implicit transaction in one round trip (an <see cref="NpgsqlBatch"/>
    /// without an explicit transaction commits at its single Sync). Several writer loops call this at once,
    /// each on its own pooled connection.
    /// </summary>
    private async Task CommitBatchAsync(IReadOnlyList<PendingAppend> batch, CancellationToken cancellationToken)
    {
        var now = Now();
        var live = new List<PendingAppend>(batch.Count);
        foreach (var pending in batch)
        {
            if (pending.CancellationToken.IsCancellationRequested)
            {
                pending.Refuse(new OperationCanceledException(pending.CancellationToken));
            }
            else
            {
                live.Add(pending);
            }
        }

        if (live.Count == 0)
        {
            return;
        }

        // Concurrent groups lock session rows in one global order, so two writers cannot deadlock; the sort
        // is stable, so appends to one session keep their queue order.
        var ordered = live.OrderBy(p => p.SessionId, StringComparer.Ordinal).ToList();

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        var lastSequences = new long?[ordered.Count];
        await using (var group = new NpgsqlBatch(connection))
        {
            foreach (var pending in ordered)
            {
                group.BatchCommands.Add(CreateAppendCommand(pending, now));
            }

            try
            {
                // Disposing the reader reads up to ReadyForQuery, i.e. until the commit is durable.
                await using var reader = await group.ExecuteReaderAsync(cancellationToken);
                for (var i = 0; i < ordered.Count; i++)
                {
                    if (i > 0 && !await reader.NextResultAsync(cancellationToken))
                    {
                        throw new InvalidOperationException("The append batch returned fewer results than it has commands.");
                    }

                    if (await reader.ReadAsync(cancellationToken))
                    {
                        lastSequences[i] = reader.GetInt64(0);
                    }
                }
            }
            catch (PostgresException ex) when (ex is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: PostgresSchema.EventIdIndex } && ordered.Count == 1)
            {
                // A group that fails is retried one append at a time by the batcher, so this names the culprit alone.
                throw new InvalidEventException("An event id in the batch exists already.");
            }
        }

        Dictionary<string, (long LastSequence, long Epoch)>? states = null;
        for (var i = 0; i < ordered.Count; i++)
        {
            var pending = ordered[i];
            if (lastSequences[i] is { } last)
            {
                pending.Succeed(last - pending.Events.Count + 1, now);
                continue;
            }

            states ??= await ReadSessionStatesAsync(connection, ordered, lastSequences, cancellationToken);
            pending.Refuse(ExplainRefusal(pending, states.TryGetValue(pending.SessionId, out var state) ? state : null));
        }
    }

    private NpgsqlBatchCommand CreateAppendCommand(PendingAppend pending, DateTimeOffset appendedAt)
    {
        var events = pending.Events;
        var ids = new string[events.Count];
        var types = new string[events.Count];
        var json = new string[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            ids[i] = events[i].Id;
            types[i] = events[i].Type;
            json[i] = events[i].Json;
        }

        var command = new NpgsqlBatchCommand(AppendSql);
        command.Parameters.Add(Text(pending.SessionId));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = events.Count });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)pending.Condition.ExpectedLastSequence ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)pending.Condition.LeaseEpoch ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        command.Parameters.Add(TextArray(ids));
        command.Parameters.Add(TextArray(types));
        command.Parameters.Add(TextArray(json));
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = appendedAt });
        command.Parameters.Add(Text(_channel));
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = MaxNotifiedIdBytes });
        command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = pending.Wakes });
        return command;
    }

    /// <summary>One query for every refused append's session, after the commit.</summary>
    private static async Task<Dictionary<string, (long LastSequence, long Epoch)>> ReadSessionStatesAsync(
        NpgsqlConnection connection,
        List<PendingAppend> ordered,
        long?[] lastSequences,
        CancellationToken cancellationToken)
    {
        var refused = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ordered.Count; i++)
        {
            if (lastSequences[i] is null)
            {
                refused.Add(ordered[i].SessionId);
            }
        }

        await using var command = new NpgsqlCommand("SELECT id, last_seq, lease_epoch FROM sessions WHERE id = ANY($1)", connection);
        command.Parameters.Add(TextArray([.. refused]));
        var states = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            states[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        return states;
    }

    /// <summary>
    /// Says why an append matched no row: no session, a stale epoch, or a sequence conflict. The state is
    /// read after the commit, but sequences and epochs only grow, so it still shows the reason.
    /// </summary>
    private static SessionLogException ExplainRefusal(PendingAppend pending, (long LastSequence, long Epoch)? state)
    {
        var condition = pending.Condition;
        if (state is not { } s)
        {
            return new SessionNotFoundException(pending.SessionId);
        }

        if (condition.LeaseEpoch is { } epoch && epoch != s.Epoch)
        {
            return new StaleLeaseException(pending.SessionId, epoch, s.Epoch);
        }

        // Without an expected sequence the only way to be refused is a missing session (created since).
        return condition.ExpectedLastSequence is { } expected
            ? new SequenceConflictException(pending.SessionId, expected, s.LastSequence)
            : new SessionNotFoundException(pending.SessionId);
    }

    private static NpgsqlParameter<string[]> TextArray(string[] values) =>
        new() { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text };
}
