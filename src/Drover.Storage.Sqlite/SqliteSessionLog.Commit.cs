using Drover.Sessions;
using Microsoft.Data.Sqlite;

namespace Drover.Storage.Sqlite;

public sealed partial class SqliteSessionLog
{
    private readonly WriterCommands _commands;

    /// <summary>
    /// Writes a group of appends in one transaction on the writer connection. Only the batcher's single
    /// writer loop calls this, so the prepared commands need no locking.
    /// </summary>
    private Task CommitBatchAsync(IReadOnlyList<PendingAppend> batch, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        using var transaction = _writer.BeginTransaction();
        _commands.Enlist(transaction);
        foreach (var pending in batch)
        {
            if (pending.CancellationToken.IsCancellationRequested)
            {
                pending.Refuse(new OperationCanceledException(pending.CancellationToken));
                continue;
            }

            var lastSequence = _commands.Advance(pending);
            if (lastSequence is null)
            {
                pending.Refuse(_commands.ExplainRefusal(pending));
                continue;
            }

            var first = lastSequence.Value - pending.Events.Count + 1;
            try
            {
                _commands.Insert(pending, first, now.ToUnixTimeMilliseconds());
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint && batch.Count == 1)
            {
                throw new InvalidEventException("An event id in the batch exists already.");
            }

            pending.Succeed(first, now);
        }

        // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O, and this runs on the writer loop's own thread.
        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <summary>The writer connection's prepared statements, reused for every append.</summary>
    private sealed class WriterCommands : IDisposable
    {
        private readonly SqliteCommand _advance;
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _explain;

        public WriterCommands(SqliteConnection writer)
        {
            _advance = writer.CreateCommand();
            _advance.CommandText = """
                UPDATE sessions SET last_seq = last_seq + $n
                WHERE id = $id AND ($expected IS NULL OR last_seq = $expected) AND ($epoch IS NULL OR lease_epoch = $epoch)
                RETURNING last_seq
                """;
            _advance.Parameters.Add("$n", SqliteType.Integer);
            _advance.Parameters.Add("$id", SqliteType.Text);
            _advance.Parameters.Add("$expected", SqliteType.Integer);
            _advance.Parameters.Add("$epoch", SqliteType.Integer);

            _insert = writer.CreateCommand();
            _insert.CommandText = "INSERT INTO events (session_id, seq, id, type, appended_at, json) VALUES ($s, $seq, $id, $type, $at, $json)";
            _insert.Parameters.Add("$s", SqliteType.Text);
            _insert.Parameters.Add("$seq", SqliteType.Integer);
            _insert.Parameters.Add("$id", SqliteType.Text);
            _insert.Parameters.Add("$type", SqliteType.Text);
            _insert.Parameters.Add("$at", SqliteType.Integer);
            _insert.Parameters.Add("$json", SqliteType.Text);

            _explain = writer.CreateCommand();
            _explain.CommandText = "SELECT last_seq, lease_epoch FROM sessions WHERE id = $id";
            _explain.Parameters.Add("$id", SqliteType.Text);
        }

        public void Enlist(SqliteTransaction transaction)
        {
            _advance.Transaction = transaction;
            _insert.Transaction = transaction;
            _explain.Transaction = transaction;
        }

        /// <summary>Reserves the append's sequences if its condition holds; returns the new last sequence, or null.</summary>
        public long? Advance(PendingAppend pending)
        {
            _advance.Parameters[0].Value = pending.Events.Count;
            _advance.Parameters[1].Value = pending.SessionId;
            _advance.Parameters[2].Value = (object?)pending.Condition.ExpectedLastSequence ?? DBNull.Value;
            _advance.Parameters[3].Value = (object?)pending.Condition.LeaseEpoch ?? DBNull.Value;
            return _advance.ExecuteScalar() is long last ? last : null;
        }

        public void Insert(PendingAppend pending, long firstSequence, long appendedAtMs)
        {
            _insert.Parameters[0].Value = pending.SessionId;
            _insert.Parameters[4].Value = appendedAtMs;
            for (var i = 0; i < pending.Events.Count; i++)
            {
                var e = pending.Events[i];
                _insert.Parameters[1].Value = firstSequence + i;
                _insert.Parameters[2].Value = e.Id;
                _insert.Parameters[3].Value = e.Type;
                _insert.Parameters[5].Value = e.Json;
                _insert.ExecuteNonQuery();
            }
        }

        /// <summary>Says why <see cref="Advance"/> refused: no session, a stale epoch, or a sequence conflict.</summary>
        public SessionLogException ExplainRefusal(PendingAppend pending)
        {
            _explain.Parameters[0].Value = pending.SessionId;
            using var reader = _explain.ExecuteReader();
            if (!reader.Read())
            {
                return new SessionNotFoundException(pending.SessionId);
            }

            var last = reader.GetInt64(0);
            var epoch = reader.GetInt64(1);
            var condition = pending.Condition;
            return condition.LeaseEpoch is { } expectedEpoch && expectedEpoch != epoch
                ? new StaleLeaseException(pending.SessionId, expectedEpoch, epoch)
                : new SequenceConflictException(pending.SessionId, condition.ExpectedLastSequence ?? -1, last);
        }

        public void Dispose()
        {
            _advance.Dispose();
            _insert.Dispose();
            _explain.Dispose();
        }
    }
}
