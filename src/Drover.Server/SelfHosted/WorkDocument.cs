namespace Drover.Server.SelfHosted;

/// <summary>
/// A work item as stored (kind <c>work</c>): the <see cref="Work"/> fields plus the lease, which the API does not show.
/// While the item is not stopped its record holds the unique name <c>session:&lt;id&gt;</c>, so a session has at most
/// one live item, enforced by the store.
/// </summary>
/// <remarks>
/// <c>Lease</c> is <c>waiting</c> (queued, never polled), <c>pending</c> (polled, not acknowledged), <c>held</c>
/// (acknowledged; <c>LeaseExpiresAt</c> applies: past it, without a heartbeat, the item is claimable again) or
/// <c>released</c> (stopped). <c>PolledAt</c> and <c>WorkerId</c> say who polled it last.
/// </remarks>
internal sealed record WorkDocument(
    string Id,
    string EnvironmentId,
    WorkData Data,
    string State,
    SortedDictionary<string, string> Metadata,
    string CreatedAt,
    string? AcknowledgedAt,
    string? StartedAt,
    string? LatestHeartbeatAt,
    string? StopRequestedAt,
    string? StoppedAt,
    string Lease,
    string? PolledAt,
    string? WorkerId,
    int TtlSeconds,
    string? LeaseExpiresAt)
{
    public Work ToWire(string? secret = null) =>
        new(Id, EnvironmentId, Data, State, Metadata, secret, CreatedAt, AcknowledgedAt, StartedAt, LatestHeartbeatAt, StopRequestedAt, StoppedAt);
}

/// <summary>What a work item is about: <c>{"type":"session","id":"sesn_..."}</c>.</summary>
public sealed record WorkData(string Type, string Id);

/// <summary>The work item's states and lease phases.</summary>
internal static class WorkStates
{
    public const string Queued = "queued";
    public const string Starting = "starting";
    public const string Active = "active";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";

    public const string Waiting = "waiting";
    public const string Pending = "pending";
    public const string Held = "held";
    public const string Released = "released";
}
