using System.Text.Json;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;
using Drover.Sessions;
using Microsoft.Extensions.Options;

namespace Drover.Server.SelfHosted;

/// <summary>
/// The work queue of self-hosted environments, in the resource store (kind <c>work</c>, one record per item, written
/// with the record's revision as guard, so claims and lease changes are atomic on SQLite and PostgreSQL alike). Items
/// move <c>queued → starting → active → stopping → stopped</c>; a held lease that sees no heartbeat for its ttl makes
/// the item claimable again, once the calls its worker may have been running are answered as outcome unknown
/// (<see cref="AbandonedCalls"/>).
/// </summary>
internal sealed partial class WorkQueue(
    IResourceStore store,
    ISessionLog log,
    WorkWakeups wakeups,
    WorkerSightings workers,
    AbandonedCalls abandoned,
    IOptions<SelfHostedOptions> options,
    TimeProvider time,
    ILogger<WorkQueue> logger)
{
    public const string Kind = "work";

    private const int ScanLimit = 100;

    private static string LiveName(string sessionId) => "session:" + sessionId;

    /// <summary>
    /// Queues an item for the session unless it has a live one (not stopped). Idempotent and safe to race: the live
    /// item holds a unique name in the store.
    /// </summary>
    public async Task EnsureQueuedAsync(string environmentId, string sessionId, CancellationToken cancellationToken)
    {
        if (await store.FindByUniqueNameAsync(Kind, LiveName(sessionId), cancellationToken) is not null)
        {
            return;
        }

        var now = Now();
        var document = new WorkDocument(
            DroverIds.New(DroverIds.Work, time), environmentId, new WorkData("session", sessionId), WorkStates.Queued, [],
            ApiTimestamps.Write(now), null, null, null, null, null, WorkStates.Waiting, null, null, options.Value.LeaseTtlSeconds, null);
        try
        {
            await store.CreateAsync(new ResourceRecord(Kind, document.Id, 1, LiveName(sessionId), now, now, null, Serialize(document)), cancellationToken);
        }
        catch (ResourceNameTakenException)
        {
            return;
        }

        LogQueued(logger, document.Id, sessionId, environmentId);
        wakeups.Ring(environmentId);
    }

    /// <summary>Whether the environment holds acknowledged, unstopped work for the session (what an environment key may reach).</summary>
    public async Task<bool> HoldsSessionAsync(string environmentId, string sessionId, CancellationToken cancellationToken)
    {
        if (await store.FindByUniqueNameAsync(Kind, LiveName(sessionId), cancellationToken) is not { } record)
        {
            return false;
        }

        var work = Read(record);
        return work.EnvironmentId == environmentId && work.State is WorkStates.Starting or WorkStates.Active or WorkStates.Stopping;
    }

    /// <summary>
    /// Claims the oldest claimable item of the environment, waiting up to <paramref name="block"/> for one: a queued
    /// item never polled, one polled but not acknowledged for longer than <paramref name="reclaimAfter"/>, or one whose
    /// lease lapsed. Returns null when there is none.
    /// </summary>
    public async Task<Work?> PollAsync(string environmentId, string? workerId, TimeSpan block, TimeSpan reclaimAfter, CancellationToken cancellationToken)
    {
        if (workerId is not null)
        {
            workers.Saw(environmentId, workerId);
        }

        var deadline = time.GetUtcNow() + block;
        while (true)
        {
            var signal = wakeups.Current(environmentId);
            if (await TryClaimAsync(environmentId, workerId, reclaimAfter, cancellationToken) is { } claimed)
            {
                return claimed;
            }

            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return null;
            }

            // A ring from this instance answers at once; items queued elsewhere are found at the deadline's last look.
            await Task.WhenAny(signal, Task.Delay(remaining, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<Work?> TryClaimAsync(string environmentId, string? workerId, TimeSpan reclaimAfter, CancellationToken cancellationToken)
    {
        var now = Now();
        foreach (var record in await ListLiveAsync(environmentId, cancellationToken))
        {
            var work = Read(record);
            var lapsed = work is { Lease: WorkStates.Held, LeaseExpiresAt: { } expires } && Parse(expires) <= now;
            WorkDocument? claimed = work switch
            {
                { State: WorkStates.Queued, Lease: WorkStates.Waiting } => work,
                { State: WorkStates.Queued, Lease: WorkStates.Pending, PolledAt: { } polledAt } when Parse(polledAt) + reclaimAfter <= now => work,
                _ when lapsed && work.State != WorkStates.Stopping => LeaseLapsed(work),
                _ => null,
            };

            // A lost worker may have been running calls: they are answered before anyone can run them again.
            if (lapsed && !await abandoned.AnswerAsync(work.Data.Id, work.Id, cancellationToken))
            {
                continue;
            }

            if (lapsed && work.State == WorkStates.Stopping)
            {
                // Its worker was asked to stop and died doing so: the item is done.
                await TryWriteAsync(record, Stop(work, now), cancellationToken);
                continue;
            }

            if (claimed is null)
            {
                continue;
            }

            var polled = claimed with { State = WorkStates.Queued, Lease = WorkStates.Pending, PolledAt = ApiTimestamps.Write(now), WorkerId = workerId };
            if (await TryWriteAsync(record, polled, cancellationToken))
            {
                return polled.ToWire();
            }
        }

        return null;
    }

    private WorkDocument LeaseLapsed(WorkDocument work)
    {
        LogLeaseLapsed(logger, work.Id, work.Data.Id, work.WorkerId ?? "(unknown)");
        return work with { AcknowledgedAt = null, StartedAt = null, LatestHeartbeatAt = null, LeaseExpiresAt = null };
    }

    private async Task<IReadOnlyList<ResourceRecord>> ListLiveAsync(string environmentId, CancellationToken cancellationToken)
    {
        var page = await store.ListAsync(Kind, new ResourceQuery
        {
            Limit = ScanLimit,
            Filters =
            [
                new ResourceFilter("environment_id", environmentId),
                new ResourceFilter("lease", [WorkStates.Waiting, WorkStates.Pending, WorkStates.Held]),
            ],
        }, cancellationToken);
        return page.Items;
    }

    /// <summary>Writes the item if nobody else did since it was read; false when someone did.</summary>
    private async Task<bool> TryWriteAsync(ResourceRecord record, WorkDocument work, CancellationToken cancellationToken)
    {
        try
        {
            await Write(record, work, cancellationToken);
            return true;
        }
        catch (ResourceVersionConflictException)
        {
            return false;
        }
    }

    private Task<ResourceRecord> Write(ResourceRecord record, WorkDocument work, CancellationToken cancellationToken) =>
        store.UpdateAsync(
            record with
            {
                Data = Serialize(work),
                UpdatedAt = Now(),
                UniqueName = work.State == WorkStates.Stopped ? null : record.UniqueName,
            },
            record.Version,
            newVersion: false,
            cancellationToken);

    private static WorkDocument Stop(WorkDocument work, DateTimeOffset now) => work with
    {
        State = WorkStates.Stopped,
        Lease = WorkStates.Released,
        StopRequestedAt = work.StopRequestedAt ?? ApiTimestamps.Write(now),
        StoppedAt = ApiTimestamps.Write(now),
        LeaseExpiresAt = null,
    };

    private DateTimeOffset Now() => ApiTimestamps.Truncate(time.GetUtcNow());

    private static DateTimeOffset Parse(string timestamp) => DateTimeOffset.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture);

    public static WorkDocument Read(ResourceRecord record) =>
        JsonSerializer.Deserialize(record.Data, SelfHostedJsonContext.Default.WorkDocument)
        ?? throw new InvalidDataException($"The work item '{record.Id}' has no data.");

    private static string Serialize(WorkDocument work) => JsonSerializer.Serialize(work, SelfHostedJsonContext.Default.WorkDocument);

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued work {WorkId} for session {SessionId} in self-hosted environment {EnvironmentId}")]
    private static partial void LogQueued(ILogger logger, string workId, string sessionId, string environmentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Work {WorkId} (session {SessionId}) lost its lease: worker {WorkerId} sent no heartbeat in time; it is claimable again")]
    private static partial void LogLeaseLapsed(ILogger logger, string workId, string sessionId, string workerId);
}
