namespace Drover.Sessions;

/// <summary>
/// The session log: the one durable part of Drover. Each session has its own append-only sequence of
/// events numbered 1, 2, 3, ... with no gaps; nothing is ever rewritten or deleted except by deleting
/// the whole session.
/// </summary>
/// <remarks>
/// Implementations are thread-safe and shared by the whole process. Every failure that a caller can
/// cause is a <see cref="SessionLogException"/> whose message is safe to show a client; a failed
/// append stores nothing of its batch.
/// </remarks>
public interface ISessionLog
{
    /// <summary>Creates a session with no events. Throws <see cref="SessionAlreadyExistsException"/> when the id is taken.</summary>
    Task<SessionRecord> CreateSessionAsync(NewSession session, CancellationToken cancellationToken = default);

    /// <summary>Returns the session, or <see langword="null"/> when there is none with that id.</summary>
    Task<SessionRecord?> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the session and all its events, and ends every tail of it (in every instance). Returns
    /// <see langword="false"/> when there was no such session.
    /// </summary>
    Task<bool> DeleteSessionAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="events"/> as one atomic batch with consecutive sequence numbers, if
    /// <paramref name="condition"/> holds when the batch commits. Throws
    /// <see cref="SessionNotFoundException"/>, <see cref="SequenceConflictException"/>,
    /// <see cref="StaleLeaseException"/> or <see cref="InvalidEventException"/>. Cancelling before the batch is written
    /// stores nothing; cancelling while it is being committed leaves its outcome unknown to the caller, who reads the log.
    /// </summary>
    Task<AppendResult> AppendAsync(string sessionId, IReadOnlyList<NewEvent> events, AppendCondition condition, CancellationToken cancellationToken = default);

    /// <summary>Reads one positional slice of a session's events.</summary>
    Task<IReadOnlyList<StoredEvent>> ReadAsync(string sessionId, EventSlice slice, CancellationToken cancellationToken = default);

    /// <summary>
    /// Yields every event after <paramref name="afterSequence"/> in order, then each new event as it
    /// commits, until cancelled or the session is deleted. Never yields an event twice and never skips one.
    /// </summary>
    IAsyncEnumerable<StoredEvent> TailAsync(string sessionId, long afterSequence, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the session's lease for <paramref name="holder"/> if it is free, expired or already
    /// held by <paramref name="holder"/>. Each successful acquisition increments the fencing epoch,
    /// which appends must then carry. Returns <see langword="null"/> when someone else holds it.
    /// </summary>
    Task<SessionLease?> TryAcquireLeaseAsync(string sessionId, string holder, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Extends a lease that is still current. Returns <see langword="false"/> when it was lost.</summary>
    Task<bool> RenewLeaseAsync(SessionLease lease, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>Gives up a lease if it is still current; the epoch is kept so the next holder gets a higher one.</summary>
    Task ReleaseLeaseAsync(SessionLease lease, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims one session that has unsettled work (an event of a <see cref="SessionWork.WakeTypes"/> type appended after
    /// its last <see cref="SettleAsync"/>) and no live lease: a session whose harness died keeps its work unsettled and
    /// becomes claimable when the dead lease expires. Like <see cref="TryAcquireLeaseAsync"/>, a claim increments the
    /// fencing epoch. Returns <see langword="null"/> when there is nothing to claim. Safe to call from many instances at once:
    /// each claimable session goes to one caller.
    /// </summary>
    Task<SessionLease?> ClaimNextAsync(string holder, TimeSpan duration, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records that the lease holder has handled the session's work through <paramref name="settledThrough"/> (a sequence
    /// it read) and releases the lease. Returns <see langword="true"/> when work appended after that sequence is waiting
    /// (the session is claimable again at once); <see langword="false"/> when there is none, or when the lease was no
    /// longer current (then nothing changes).
    /// </summary>
    Task<bool> SettleAsync(SessionLease lease, long settledThrough, CancellationToken cancellationToken = default);
}
