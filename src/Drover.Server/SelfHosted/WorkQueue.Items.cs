using Drover.Resources;
using Drover.Server.Api;

namespace Drover.Server.SelfHosted;

internal sealed partial class WorkQueue
{
    /// <summary>The literal a worker sends as <c>expected_last_heartbeat</c> before its first heartbeat.</summary>
    public const string NoHeartbeat = "NO_HEARTBEAT";

    private const int MaxAttempts = 5;

    public async Task<ResourceRecord> GetRecordAsync(string environmentId, string workId, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(Kind, workId, cancellationToken: cancellationToken);
        return record is not null && Read(record).EnvironmentId == environmentId
            ? record
            : throw ApiException.NotFound($"work_id: environment '{environmentId}' has no work item '{workId}'.");
    }

    /// <summary>Acknowledges a polled item: <c>queued → starting</c>, and its lease starts. Acknowledging it again returns it.</summary>
    public Task<Work> AckAsync(string environmentId, string workId, CancellationToken cancellationToken) =>
        ChangeAsync(environmentId, workId, (work, now) => work switch
        {
            { State: WorkStates.Queued, Lease: WorkStates.Pending } => work with
            {
                State = WorkStates.Starting,
                Lease = WorkStates.Held,
                AcknowledgedAt = ApiTimestamps.Write(now),
                LeaseExpiresAt = ApiTimestamps.Write(now.AddSeconds(work.TtlSeconds)),
            },
            { State: WorkStates.Queued } => throw ApiException.Conflict($"work_id: work item '{workId}' has not been polled; poll for it before acknowledging it."),
            { State: WorkStates.Stopped } => throw ApiException.Conflict($"work_id: work item '{workId}' is stopped."),
            _ => null,
        }, cancellationToken);

    /// <summary>
    /// Records a heartbeat if <paramref name="expected"/> is the stored one (<see cref="NoHeartbeat"/> for none): the item
    /// becomes <c>active</c> and its lease runs another ttl. Returns <c>Refused</c> when it does not match (another worker
    /// holds the lease, or it lapsed and the item was claimed again). Stopping and stopped items are not compared: the
    /// answer says their state and extends nothing.
    /// </summary>
    public async Task<(WorkHeartbeat Heartbeat, bool Refused)> HeartbeatAsync(string environmentId, string workId, string? expected, int? desiredTtlSeconds, CancellationToken cancellationToken)
    {
        var ttl = desiredTtlSeconds is { } desired ? Math.Clamp(desired, 1, options.Value.MaxLeaseTtlSeconds) : options.Value.LeaseTtlSeconds;
        for (var attempt = 1; ; attempt++)
        {
            var record = await GetRecordAsync(environmentId, workId, cancellationToken);
            var work = Read(record);
            if (work.State is WorkStates.Stopping or WorkStates.Stopped)
            {
                return (new WorkHeartbeat(work.LatestHeartbeatAt ?? string.Empty, false, work.State, work.TtlSeconds), false);
            }

            if (work.Lease != WorkStates.Held || (expected ?? NoHeartbeat) != (work.LatestHeartbeatAt ?? NoHeartbeat))
            {
                return (new WorkHeartbeat(work.LatestHeartbeatAt ?? string.Empty, false, work.State, work.TtlSeconds), true);
            }

            var now = Now();
            var stamp = ApiTimestamps.Write(now);
            if (stamp == work.LatestHeartbeatAt)
            {
                // Two heartbeats in one millisecond: the echo must still tell them apart.
                now = now.AddMilliseconds(1);
                stamp = ApiTimestamps.Write(now);
            }

            var beaten = work with
            {
                State = WorkStates.Active,
                StartedAt = work.StartedAt ?? stamp,
                LatestHeartbeatAt = stamp,
                TtlSeconds = ttl,
                LeaseExpiresAt = ApiTimestamps.Write(now.AddSeconds(ttl)),
            };
            if (await TryWriteAsync(record, beaten, cancellationToken))
            {
                return (new WorkHeartbeat(stamp, true, beaten.State, ttl), false);
            }

            if (attempt == MaxAttempts)
            {
                throw ApiException.Conflict($"work_id: work item '{workId}' is changing; try again.");
            }
        }
    }

    /// <summary>
    /// Stops an item. Forced, or not yet acknowledged, or already stopping (the worker confirming): <c>stopped</c> at once.
    /// Otherwise <c>stopping</c>: the worker sees it at its next heartbeat. A stopped item is a 409. When the item stops
    /// while the session still has calls for a worker, a new item is queued for them.
    /// </summary>
    public async Task<Work> StopAsync(string environmentId, string workId, bool force, CancellationToken cancellationToken)
    {
        var stopped = await ChangeAsync(environmentId, workId, (work, now) => work.State switch
        {
            WorkStates.Stopped => throw ApiException.Conflict($"work_id: work item '{workId}' is already stopped."),
            WorkStates.Queued or WorkStates.Stopping => Stop(work, now),
            _ when force => Stop(work, now),
            _ => work with { State = WorkStates.Stopping, StopRequestedAt = ApiTimestamps.Write(now) },
        }, cancellationToken);

        if (stopped.State == WorkStates.Stopped)
        {
            await RequeueIfNeededAsync(stopped, cancellationToken);
        }

        return stopped;
    }

    /// <summary>A call the worker did not answer before it left (or that came while it was leaving) needs another worker.</summary>
    private async Task RequeueIfNeededAsync(Work stopped, CancellationToken cancellationToken)
    {
        try
        {
            var ledger = await ToolUseLedger.ReadAsync(log, stopped.Data.Id, cancellationToken);
            if (ledger.HasRunnableBuiltInCalls)
            {
                await EnsureQueuedAsync(stopped.EnvironmentId, stopped.Data.Id, cancellationToken);
            }
        }
        catch (Drover.Sessions.SessionNotFoundException)
        {
            // The session is gone; nothing waits.
        }
    }

    public Task<Work> UpdateMetadataAsync(string environmentId, string workId, System.Text.Json.JsonElement body, CancellationToken cancellationToken) =>
        ChangeAsync(environmentId, workId, (work, _) => work with { Metadata = Metadata.Patch(work.Metadata, body) }, cancellationToken);

    public Task<ResourcePage> ListAsync(string environmentId, int limit, string? cursor, CancellationToken cancellationToken) =>
        store.ListAsync(Kind, new ResourceQuery
        {
            Limit = limit,
            Cursor = cursor,
            Descending = true,
            Filters = [new ResourceFilter("environment_id", environmentId)],
        }, cancellationToken);

    public async Task<WorkQueueStats> StatsAsync(string environmentId, CancellationToken cancellationToken)
    {
        var depth = await store.CountAsync(Kind, [new ResourceFilter("environment_id", environmentId), new ResourceFilter("lease", WorkStates.Waiting)], cancellationToken: cancellationToken);
        var pending = await store.CountAsync(Kind, [new ResourceFilter("environment_id", environmentId), new ResourceFilter("lease", WorkStates.Pending)], cancellationToken: cancellationToken);
        var oldest = await store.ListAsync(Kind, new ResourceQuery
        {
            Limit = 1,
            Filters = [new ResourceFilter("environment_id", environmentId), new ResourceFilter("state", WorkStates.Queued)],
        }, cancellationToken);
        var oldestAt = oldest.Items.Count > 0 ? Read(oldest.Items[0]).CreatedAt : null;
        return new WorkQueueStats((int)depth, (int)pending, oldestAt, workers.Count(environmentId));
    }

    /// <summary>Read, change, write with the revision as guard; <paramref name="change"/> returns null to leave the item as it is.</summary>
    private async Task<Work> ChangeAsync(string environmentId, string workId, Func<WorkDocument, DateTimeOffset, WorkDocument?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var record = await GetRecordAsync(environmentId, workId, cancellationToken);
            var work = Read(record);
            if (change(work, Now()) is not { } changed)
            {
                return work.ToWire();
            }

            if (await TryWriteAsync(record, changed, cancellationToken))
            {
                return changed.ToWire();
            }

            if (attempt == MaxAttempts)
            {
                throw ApiException.Conflict($"work_id: work item '{workId}' is changing; try again.");
            }
        }
    }
}
