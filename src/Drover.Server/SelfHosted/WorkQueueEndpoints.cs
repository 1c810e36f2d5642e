using System.Text.Json;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;
using Microsoft.AspNetCore.Mvc;

namespace Drover.Server.SelfHosted;

/// <summary>
/// <c>/v1/environments/{environment_id}/work</c>: the work queue of a self-hosted environment, as the SDKs' workers call
/// it. Poll, ack, heartbeat, stop, list and stats take the environment's key (or an API key); retrieve and update take
/// API keys only, as the SDK documents.
/// </summary>
internal static class WorkQueueEndpoints
{
    private const int MaxBlockMs = 999;
    private const int DefaultReclaimMs = 5000;
    private static readonly HashSet<string> s_stopFields = ["force"];
    private static readonly HashSet<string> s_updateFields = ["metadata"];
    private static readonly HashSet<string> s_noFields = [];

    public static RouteGroupBuilder MapWorkQueue(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/environments/{environment_id}/work");
        group.MapGet("/poll", PollAsync).AllowEnvironmentKey(EnvironmentKeyScope.WorkQueue);
        group.MapGet("/stats", StatsAsync).AllowEnvironmentKey(EnvironmentKeyScope.WorkQueue);
        group.MapGet("", ListAsync).AllowEnvironmentKey(EnvironmentKeyScope.WorkQueue);
        group.MapPost("/{work_id}/ack", AckAsync).AllowEnvironmentKey(EnvironmentKeyScope.WorkQueue);
        group.MapPost("/{work_id}/heartbeat", HeartbeatAsync).AllowEnvironmentKey(EnvironmentKeyScope.WorkQueue);
        group.MapPost("/{work_id}/stop", StopAsync).AllowEnvironmentKey(EnvironmentKeyScope.WorkQueue);
        group.MapGet("/{work_id}", RetrieveAsync);
        group.MapPost("/{work_id}", UpdateAsync);
        return group;
    }

    private static async Task<IResult> PollAsync([FromRoute(Name = "environment_id")] string environmentId, HttpRequest request, IResourceStore resources, WorkQueue queue, CancellationToken cancellationToken)
    {
        await RequireSelfHostedAsync(resources, environmentId, cancellationToken);
        var blockMs = request.Query.ContainsKey("block_ms") ? Query.Int(request, "block_ms", 0, min: 1, max: MaxBlockMs) : 0;
        var reclaimMs = Query.Int(request, "reclaim_older_than_ms", DefaultReclaimMs, min: 0, max: int.MaxValue);
        var workerId = request.Headers["Anthropic-Worker-ID"].ToString() is { Length: > 0 and <= 256 } id ? id : null;
        var work = await queue.PollAsync(environmentId, workerId, TimeSpan.FromMilliseconds(blockMs), TimeSpan.FromMilliseconds(reclaimMs), cancellationToken);

        // No work is a JSON null with 200: the C# SDK cannot take an empty body.
        return work is null ? TypedResults.Text("null", "application/json") : Json(work);
    }

    private static async Task<IResult> AckAsync([FromRoute(Name = "environment_id")] string environmentId, [FromRoute(Name = "work_id")] string workId, HttpRequest request, WorkQueue queue, CancellationToken cancellationToken)
    {
        RequireWorkId(workId);
        await NoBodyAsync(request, cancellationToken);
        return Json(await queue.AckAsync(environmentId, workId, cancellationToken));
    }

    private static async Task<IResult> HeartbeatAsync([FromRoute(Name = "environment_id")] string environmentId, [FromRoute(Name = "work_id")] string workId, HttpRequest request, WorkQueue queue, CancellationToken cancellationToken)
    {
        RequireWorkId(workId);
        await NoBodyAsync(request, cancellationToken);
        var expected = request.Query["expected_last_heartbeat"].ToString() is { Length: > 0 } e ? e : null;
        int? ttl = request.Query.ContainsKey("desired_ttl_seconds") ? Query.Int(request, "desired_ttl_seconds", 0, min: 1, max: 86400) : null;
        var (heartbeat, refused) = await queue.HeartbeatAsync(environmentId, workId, expected, ttl, cancellationToken);
        return refused
            ? new HeartbeatRefusal(heartbeat, $"expected_last_heartbeat: '{expected ?? WorkQueue.NoHeartbeat}' is not the stored heartbeat ('{(heartbeat.LastHeartbeat is { Length: > 0 } l ? l : WorkQueue.NoHeartbeat)}'); another worker may hold the lease of work item '{workId}'.")
            : TypedResults.Json(heartbeat, SelfHostedJsonContext.Default.WorkHeartbeat);
    }

    private static async Task<IResult> StopAsync([FromRoute(Name = "environment_id")] string environmentId, [FromRoute(Name = "work_id")] string workId, HttpRequest request, WorkQueue queue, CancellationToken cancellationToken)
    {
        RequireWorkId(workId);
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken, emptyIsObject: true);
        Fields.RejectUnknown(body.RootElement, s_stopFields);
        var force = Fields.OptionalBool(body.RootElement, "force") ?? false;
        return Json(await queue.StopAsync(environmentId, workId, force, cancellationToken));
    }

    private static async Task<IResult> RetrieveAsync([FromRoute(Name = "environment_id")] string environmentId, [FromRoute(Name = "work_id")] string workId, WorkQueue queue, CancellationToken cancellationToken)
    {
        RequireWorkId(workId);
        return Json(WorkQueue.Read(await queue.GetRecordAsync(environmentId, workId, cancellationToken)).ToWire());
    }

    private static async Task<IResult> UpdateAsync([FromRoute(Name = "environment_id")] string environmentId, [FromRoute(Name = "work_id")] string workId, HttpRequest request, WorkQueue queue, CancellationToken cancellationToken)
    {
        RequireWorkId(workId);
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        Fields.RejectUnknown(body.RootElement, s_updateFields);
        if (!body.RootElement.TryGetProperty("metadata", out var metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.InvalidRequest("metadata: required object of string (or null to delete) values.");
        }

        return Json(await queue.UpdateMetadataAsync(environmentId, workId, body.RootElement, cancellationToken));
    }

    private static async Task<IResult> ListAsync([FromRoute(Name = "environment_id")] string environmentId, HttpRequest request, IResourceStore resources, WorkQueue queue, CancellationToken cancellationToken)
    {
        await RequireEnvironmentAsync(resources, environmentId, cancellationToken);
        var limit = Query.Int(request, "limit", 20, min: 1, max: 100);
        var cursor = request.Query["page"].ToString() is { Length: > 0 } page ? page : null;
        var result = await queue.ListAsync(environmentId, limit, cursor, cancellationToken);
        return new ListPage(result.Items.Select(r => JsonSerializer.Serialize(WorkQueue.Read(r).ToWire(), SelfHostedJsonContext.Default.Work)), result.NextCursor);
    }

    private static async Task<IResult> StatsAsync([FromRoute(Name = "environment_id")] string environmentId, IResourceStore resources, WorkQueue queue, CancellationToken cancellationToken)
    {
        await RequireEnvironmentAsync(resources, environmentId, cancellationToken);
        return TypedResults.Json(await queue.StatsAsync(environmentId, cancellationToken), SelfHostedJsonContext.Default.WorkQueueStats);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Work> Json(Work work) => TypedResults.Json(work, SelfHostedJsonContext.Default.Work);

    private static async Task NoBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        // The SDKs send these POSTs with no body; an empty object is accepted too.
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken, emptyIsObject: true);
        Fields.RejectUnknown(body.RootElement, s_noFields);
    }

    private static void RequireWorkId(string workId)
    {
        if (!DroverIds.HasPrefix(workId, DroverIds.Work))
        {
            throw ApiException.NotFound($"work_id: '{workId}' is not a work item id (they look like work_...).");
        }
    }

    private static async Task<ResourceRecord> RequireEnvironmentAsync(IResourceStore resources, string environmentId, CancellationToken cancellationToken)
    {
        var record = DroverIds.HasPrefix(environmentId, DroverIds.Environment)
            ? await resources.GetAsync("environment", environmentId, cancellationToken: cancellationToken)
            : null;
        return record ?? throw new ApiException(StatusCodes.Status404NotFound, ApiErrorTypes.NotFound, $"environment_id: no environment has id '{environmentId}'.", "environment_not_found");
    }

    private static async Task RequireSelfHostedAsync(IResourceStore resources, string environmentId, CancellationToken cancellationToken)
    {
        var record = await RequireEnvironmentAsync(resources, environmentId, cancellationToken);
        if (!EnvironmentKeyEndpoints.IsSelfHosted(record.Data))
        {
            throw ApiException.InvalidRequest($"environment_id: environment '{environmentId}' is not self-hosted; only self_hosted environments have a work queue.");
        }
    }
}
