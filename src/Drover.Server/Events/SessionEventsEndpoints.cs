using System.Globalization;
using System.Text.Json;
using Drover.Events;
using Drover.Ids;
using Drover.Server.Api;
using Drover.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Drover.Server.Events;

/// <summary><c>/v1/sessions/{session_id}/events</c>: send, list and stream a session's events.</summary>
internal static class SessionEventsEndpoints
{
    private const int DefaultListLimit = 1000;
    private const int MaxDeltaTypes = 100;

    public static IServiceCollection AddSessionEvents(this IServiceCollection services)
    {
        services.AddOptions<EventStreamOptions>().BindConfiguration(EventStreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    public static RouteGroupBuilder MapSessionEvents(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/sessions/{session_id}/events");
        group.MapPost("", SendAsync);
        group.MapGet("", ListAsync);
        group.MapGet("/stream", StreamAsync);
        return group;
    }

    private static async Task<IResult> SendAsync(
        [FromRoute(Name = "session_id")] string sessionId,
        HttpRequest request,
        ISessionLog log,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        RequireSessionId(sessionId);
        var body = await ReadJsonAsync(request, cancellationToken);
        var events = UserEventReader.Read(body.RootElement);
        var now = time.GetUtcNow();
        var toAppend = new NewEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] with
            {
                Id = DroverIds.New(DroverIds.Event, time),

                // Results and outcome definitions are processed on receipt; everything else waits in the queue.
                ProcessedAt = events[i] is UserCustomToolResultEvent or UserToolResultEvent or UserDefineOutcomeEvent ? now : null,
            };
            toAppend[i] = e.ToNewEvent();
        }

        await log.AppendAsync(sessionId, toAppend, AppendCondition.None, cancellationToken);
        return new RawJsonPage(toAppend.Select(e => new StoredEvent(sessionId, 0, e.Id, e.Type, now, e.Json)).ToList(), nextPage: null, includeNextPage: false);
    }

    private static async Task<IResult> ListAsync(
        [FromRoute(Name = "session_id")] string sessionId,
        HttpRequest request,
        ISessionLog log,
        CancellationToken cancellationToken)
    {
        RequireSessionId(sessionId);
        var query = request.Query;
        var limit = QueryInt(query, "limit", DefaultListLimit, min: 1, max: DefaultListLimit);
        var direction = query["order"].ToString() switch
        {
            "" or "asc" => ReadDirection.Forward,
            "desc" => ReadDirection.Backward,
            var other => throw ApiException.InvalidRequest($"order: must be 'asc' or 'desc', not '{other}'."),
        };
        var cursor = query["page"].ToString() is { Length: > 0 } page
            ? EventPageCursor.Decode(page, direction)
            : direction == ReadDirection.Forward ? 0 : long.MaxValue;
        var types = query["types[]"].Concat(query["types"]).Where(t => !string.IsNullOrEmpty(t)).Select(t => t!).ToArray();

        // One more than asked tells whether a next page exists.
        var slice = new EventSlice(cursor, direction, limit + 1, types.Length > 0 ? types : null);
        var events = await log.ReadAsync(sessionId, slice, cancellationToken);
        var hasMore = events.Count > limit;
        var items = hasMore ? events.Take(limit).ToList() : events;
        return new RawJsonPage(items, hasMore ? EventPageCursor.Encode(direction, items[^1].Sequence) : null);
    }

    private static async Task<IResult> StreamAsync(
        [FromRoute(Name = "session_id")] string sessionId,
        HttpContext context,
        ISessionLog log,
        TimeProvider time,
        IOptions<EventStreamOptions> options,
        IHostApplicationLifetime lifetime)
    {
        RequireSessionId(sessionId);
        var deltas = context.Request.Query["event_deltas[]"].Concat(context.Request.Query["event_deltas"]).ToArray();
        if (deltas.Length > MaxDeltaTypes || deltas.Any(d => d is not (EventTypes.AgentMessage or EventTypes.AgentThinking)))
        {
            throw ApiException.InvalidRequest($"event_deltas: at most {MaxDeltaTypes} values, each 'agent.message' or 'agent.thinking'.");
        }

        var session = await log.GetSessionAsync(sessionId, context.RequestAborted)
            ?? throw ApiException.NotFound($"No session has id '{sessionId}'.");

        // Without Last-Event-ID the stream starts now, as the hosted API does; with it, nothing after that id is missed.
        var after = session.LastSequence;
        if (context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } lastEventId)
        {
            if (!long.TryParse(lastEventId, NumberStyles.None, CultureInfo.InvariantCulture, out after))
            {
                throw ApiException.InvalidRequest("Last-Event-ID: must be the id (a sequence number) of an event frame of this stream.");
            }
        }

        context.Response.Headers.CacheControl = "no-cache";
        context.Response.Headers["X-Accel-Buffering"] = "no";

        // The token ends the stream when the client leaves or the server shuts down.
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.RegisterForDispose(stopping);
        return TypedResults.ServerSentEvents(EventStream.FramesAsync(log, sessionId, after, options.Value.HeartbeatInterval, time, stopping.Token));
    }

    private static void RequireSessionId(string sessionId)
    {
        if (!DroverIds.HasPrefix(sessionId, DroverIds.Session))
        {
            throw ApiException.NotFound($"session_id: '{sessionId}' is not a session id (they look like sesn_...).");
        }
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw ApiException.InvalidRequest($"The request body is not valid JSON: {ex.Message}");
        }
    }

    private static int QueryInt(IQueryCollection query, string name, int fallback, int min, int max)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw ApiException.InvalidRequest($"{name}: must be an integer from {min} to {max}, not '{text}'.");
    }
}
