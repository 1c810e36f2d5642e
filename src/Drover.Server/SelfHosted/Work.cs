using System.Text.Json.Serialization;

namespace Drover.Server.SelfHosted;

/// <summary>
/// A work item as the API returns it (<c>type: "work"</c>, wire-api §7.6): every key present, nulls written.
/// <paramref name="Secret"/> is populated only by poll (Drover issues none: workers use their environment key).
/// </summary>
public sealed record Work(
    [property: JsonPropertyOrder(-2)] string Id,
    string EnvironmentId,
    WorkData Data,
    string State,
    SortedDictionary<string, string> Metadata,
    string? Secret,
    string CreatedAt,
    string? AcknowledgedAt,
    string? StartedAt,
    string? LatestHeartbeatAt,
    string? StopRequestedAt,
    string? StoppedAt)
{
    [JsonPropertyOrder(-1)]
    public string Type => "work";
}

/// <summary>The answer to a heartbeat (<c>type: "work_heartbeat"</c>); <paramref name="LastHeartbeat"/> is "" when none was recorded.</summary>
public sealed record WorkHeartbeat(string LastHeartbeat, bool LeaseExtended, string State, int TtlSeconds)
{
    [JsonPropertyOrder(-1)]
    public string Type => "work_heartbeat";
}

/// <summary>
/// The environment's queue (<c>type: "work_queue_stats"</c>): <paramref name="Depth"/> items waiting for a poll,
/// <paramref name="Pending"/> polled but not acknowledged, the oldest queued item's creation time, and the workers
/// seen polling in the last 30 seconds by this server instance.
/// </summary>
public sealed record WorkQueueStats(int Depth, int Pending, string? OldestQueuedAt, int? WorkersPolling)
{
    [JsonPropertyOrder(-1)]
    public string Type => "work_queue_stats";
}
