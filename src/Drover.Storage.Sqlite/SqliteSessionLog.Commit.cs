using Drover.Sessions;
using Microsoft.Data.Sqlite;
using SQLitePCL;

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
        // Blocking on purpose: this is the writer loop's own thread (see AppendBatcher's blockingCommit).
        _writeGate.Wait(CancellationToken.None);
        try
        {
            return CommitUnderGate(batch);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private Task CommitUnderGate(IReadOnlyList<PendingAppend> batch)
    {
        var now = DateTimeOffset.FromUnixTimeMilliseconds(_time.GetUtcNow().ToUnixTimeMilliseconds());
        using var transaction = _writer.BeginTransaction();
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
            catch (SqliteException ex) when ((ex.SqliteErrorCode & 0xFF) == SqliteConstraint && batch.Count == 1)
            {
                throw new InvalidEventException("An event id in the batch exists already.");
            }

            pending.Succeed(first, now);
        }

        // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O, and this runs on the writer loop's own thread.
        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <summary>
    /// The writer connection's prepared statements, driven through SQLitePCL's raw API: the append path runs two
    /// statements per append on the one writer thread, and the ADO.NET command layer roughly doubled their cost
    /// (docs/benchmarks.md). Everything else in the store uses ADO.NET.
    /// </summary>
    private sealed class WriterCommands : IDisposable
    {
        private const string AdvanceCondition =
            "WHERE id = ?2 AND (?3 IS NULL OR last_seq = ?3) AND (?4 IS NULL OR lease_epoch = ?4) RETURNING last_seq";

        private readonly sqlite3 _db;
        private readonly sqlite3_stmt _advance;
        private readonly sqlite3_stmt _advanceWaking;
        private readonly sqlite3_stmt _insert;
        private readonly sqlite3_stmt _explain;

        public WriterCommands(SqliteConnection writer)
        {
            _db = writer.Handle!;
            _advance = Prepare($"UPDATE sessions SET last_seq = last_seq + ?1 {AdvanceCondition}");

            // A batch with a wake event also marks the session's work, in the same statement. Two statements rather than one
            // with a CASE, so that an append without one leaves wake_seq out of its SET and never touches the claimable index.
            _advanceWaking = Prepare($"UPDATE sessions SET last_seq = last_seq + ?1, wake_seq = last_seq + ?1 {AdvanceCondition}");
            _insert = Prepare("INSERT INTO events (session_id, seq, id, type, appended_at, json) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
            _explain = Prepare("SELECT last_seq, lease_epoch FROM sessions WHERE id = ?1");
        }

        /// <summary>
        /// Reserves the append's sequences if its condition holds, and marks the session's work if the batch wakes it;
        /// returns the new last sequence, or null.
        /// </summary>
        public long? Advance(PendingAppend pending)
        {
            var advance = pending.Wakes ? _advanceWaking : _advance;
            try
            {
                raw.sqlite3_bind_int64(advance, 1, pending.Events.Count);
                raw.sqlite3_bind_text(advance, 2, pending.SessionId);
                BindNullable(advance, 3, pending.Condition.ExpectedLastSequence);
                BindNullable(advance, 4, pending.Condition.LeaseEpoch);
                var rc = raw.sqlite3_step(advance);
                if (rc == raw.SQLITE_ROW)
                {
                    var last = raw.sqlite3_column_int64(advance, 0);
                    Check(raw.sqlite3_step(advance), raw.SQLITE_DONE);
                    return last;
                }

                Check(rc, raw.SQLITE_DONE);
                return null;
            }
            finally
            {
                raw.sqlite3_reset(advance);
            }
        }

        public void Insert(PendingAppend pending, long firstSequence, long appendedAtMs)
        {
            raw.sqlite3_bind_text(_insert, 1, pending.SessionId);
            raw.sqlite3_bind_int64(_insert, 5, appendedAtMs);
            for (var i = 0; i < pending.Events.Count; i++)
            {
                var e = pending.Events[i];
                raw.sqlite3_bind_int64(_insert, 2, firstSequence + i);
                raw.sqlite3_bind_text(_insert, 3, e.Id);
                raw.sqlite3_bind_text(_insert, 4, e.Type);
                raw.sqlite3_bind_text(_insert, 6, e.Json);
                var rc = raw.sqlite3_step(_insert);
                raw.sqlite3_reset(_insert);
                Check(rc, raw.SQLITE_DONE);
            }
        }

        /// <summary>Says why <see cref="Advance"/> refused: no session, a stale epoch, or a sequence conflict.</summary>
        public SessionLogException ExplainRefusal(PendingAppend pending)
        {
            try
            {
                raw.sqlite3_bind_text(_explain, 1, pending.SessionId);
                var rc = raw.sqlite3_step(_explain);
                if (rc != raw.SQLITE_ROW)
                {
                    Check(rc, raw.SQLITE_DONE);
                    return new SessionNotFoundException(pending.SessionId);
                }

                var last = raw.sqlite3_column_int64(_explain, 0);
                var epoch = raw.sqlite3_column_int64(_explain, 1);
                var condition = pending.Condition;
                return condition.LeaseEpoch is { } expectedEpoch && expectedEpoch != epoch
                    ? new StaleLeaseException(pending.SessionId, expectedEpoch, epoch)
                    : new SequenceConflictException(pending.SessionId, condition.ExpectedLastSequence ?? -1, last);
            }
            finally
            {
                raw.sqlite3_reset(_explain);
            }
        }

        public void Dispose()
        {
            _advance.Dispose();
            _advanceWaking.Dispose();
            _insert.Dispose();
            _explain.Dispose();
        }

        private static void BindNullable(sqlite3_stmt statement, int index, long? value)
        {
            if (value is { } v)
            {
                raw.sqlite3_bind_int64(statement, index, v);
            }
            else
            {
                raw.sqlite3_bind_null(statement, index);
            }
        }

        private sqlite3_stmt Prepare(string sql)
        {
            Check(raw.sqlite3_prepare_v2(_db, sql, out var statement), raw.SQLITE_OK);
            return statement;
        }

        private void Check(int rc, int expected)
        {
            if (rc != expected)
            {
                SqliteException.ThrowExceptionForRC(rc, _db);
            }
        }
    }
}
