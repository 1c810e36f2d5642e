namespace Drover.Sessions;

/// <summary>The append or lease operation carried an epoch that is no longer the session's current one.</summary>
public sealed class StaleLeaseException(string sessionId, long epoch, long currentEpoch)
    : SessionLogException($"Lease epoch {epoch} of session '{sessionId}' is stale; the current epoch is {currentEpoch}.")
{
    public string SessionId { get; } = sessionId;

    public long Epoch { get; } = epoch;

    public long CurrentEpoch { get; } = currentEpoch;
}
