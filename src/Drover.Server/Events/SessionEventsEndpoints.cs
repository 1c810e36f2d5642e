using System.Globalization;
using Drover.Events;
using Drover.Harness.Wake;
using Drover.Server.Api;
using Drover.Server.SelfHosted;
using Drover.Server.Sessions;
using Drover.Sessions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Drover.Server.Events;

/// <summary><c>/v1/sessions/{session_id}/events</c>: send, list and stream a session's events.</summary>
internal static class SessionEventsEndpoints
{
    private const int DefaultListLimit = 1000;
    private const int MaxDeltaTypes = 100;
    private const int MaxAnswerAttempts = 20;

    public static IServiceCollection AddSessionEvents(this IServiceCollection services)
    {
        services.AddOptions<EventStreamOptions>().BindConfiguration(EventStreamOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<EventPreviewHub>();
        services.AddSingleton<IEventPreviews>(sp => sp.GetRequiredService<EventPreviewHub>());
        return services;
    }

    public static RouteGroupBuilder MapSessionEvents(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/sessions/{session_id}/events");
        group.MapPost("", SendAsync).AllowEnvironmentKey(EnvironmentKeyScope.HeldSession);
        group.MapGet("", ListAsync).AllowEnvironmentKey(EnvironmentKeyScope.HeldSession);
        group.MapGet("/stream", StreamAsync).AllowEnvironmentKey(EnvironmentKeyScope.HeldSession);
        return group;
    }

    private static async Task<IResult> SendAsync(
        [FromRoute(Name = "session_id")] string sessionId,
        HttpContext context,
        ISessionLog log,
        SessionStore sessions,
        WakeSignal wake,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        // The session's API document says whether it may take events: an archived session is read-only.
        var session = await sessions.GetAsync(sessionId, cancellationToken);
        if (session.ArchivedAt is not null)
        {
            throw ApiException.Conflict($"session_id: session '{sessionId}' is archived and takes no new events.");
        }

        using var body = await JsonBody.ReadObjectAsync(context.Request, cancellationToken);
        var events = UserEventReader.Read(body.RootElement);
        EnvironmentKeyScopeMiddleware.RequireWorkerEvents(context, events);
        var toAppend = await CheckAndAppendAsync(log, sessionId, events, time, cancellationToken);
        if (SessionWork.Wakes(toAppend))
        {
            wake.Ring(sessionId);
        }

        return ListPage.DataOnly(toAppend.Select(e => e.Json));
    }

    /// <summary>
    /// Checks the events against the log and appends them. Tool results are appended only if the log did not change
    /// since the check (its last sequence as the condition, retried on a conflict), so a call cannot be answered twice
    /// (a worker's result racing another, or the outcome-unknown answer of a reclaim: <see cref="AbandonedCalls"/>).
    /// </summary>
    private static async Task<NewEvent[]> CheckAndAppendAsync(ISessionLog log, string sessionId, IReadOnlyList<SessionEvent> events, TimeProvider time, CancellationToken cancellationToken)
    {
        var answers = events.Any(e => e is UserToolResultEvent or UserCustomToolResultEvent);
        for (var attempt = 1; ; attempt++)
        {
            var last = answers ? (await log.GetSessionAsync(sessionId, cancellationToken))?.LastSequence : null;
            await ToolConfirmationCheck.RequireWaitingAsync(log, sessionId, events, cancellationToken);
            await ToolResultCheck.RequireOpenAsync(log, sessionId, events, cancellationToken);
            var toAppend = UserEventReader.Accept(events, time);
            try
            {
                await log.AppendAsync(sessionId, toAppend, last is { } sequence ? new AppendCondition(ExpectedLastSequence: sequence) : AppendCondition.None, cancellationToken);
                return toAppend;
            }
            catch (SequenceConflictException) when (attempt < MaxAnswerAttempts)
            {
            }
            catch (SequenceConflictException)
            {
                throw ApiException.Conflict($"session_id: session '{sessionId}' kept changing while the tool results were checked; send them again.");
            }
        }
    }

    private static async Task<IResult> ListAsync(
        [FromRoute(Name = "session_id")] string sessionId,
        HttpRequest request,
        ISessionLog log,
        CancellationToken cancellationToken)
    {
        SessionStore.RequireId(sessionId);
        var limit = Query.Int(request, "limit", DefaultListLimit, min: 1, max: DefaultListLimit);
        var direction = Query.Descending(request, fallback: false) ? ReadDirection.Backward : ReadDirection.Forward;
        var cursor = request.Query["page"].ToString() is { Length: > 0 } page
            ? EventPageCursor.Decode(page, direction)
            : direction == ReadDirection.Forward ? 0 : long.MaxValue;
        var types = Query.List(request, "types");

        // One more than asked tells whether a next page exists.
        var slice = new EventSlice(cursor, direction, limit + 1, types.Length > 0 ? types : null) with
        {
            AppendedFrom = Latest(CeilingMs(Query.Timestamp(request, "created_at[gte]")), NextMs(Query.Timestamp(request, "created_at[gt]"))),
            AppendedBefore = Earliest(CeilingMs(Query.Timestamp(request, "created_at[lt]")), NextMs(Query.Timestamp(request, "created_at[lte]"))),
        };
        var events = await log.ReadAsync(sessionId, slice, cancellationToken);
        var hasMore = events.Count > limit;
        var items = hasMore ? events.Take(limit).ToList() : events;
        return new ListPage(items.Select(e => e.Json), hasMore ? EventPageCursor.Encode(direction, items[^1].Sequence) : null);
    }

    private static async Task<IResult> StreamAsync(
        [FromRoute(Name = "session_id")] string sessionId,
        HttpContext context,
        ISessionLog log,
        TimeProvider time,
        IOptions<EventStreamOptions> options,
        IHostApplicationLifetime lifetime,
        EventPreviewHub previews)
    {
        SessionStore.RequireId(sessionId);
        var deltas = Query.List(context.Request, "event_deltas");
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

        // The token ends the stream when the client leaves or the server shuts down.
        var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        context.Response.RegisterForDispose(stopping);
        // Only connections that asked for previews subscribe: the plain fan-out path stays as it was.
        var subscription = deltas.Length > 0 ? previews.Subscribe(sessionId, deltas) : null;
        if (subscription is not null)
        {
            context.Response.RegisterForDispose(subscription);
        }

        return new EventStreamResult(EventStream.FramesAsync(log, sessionId, after, options.Value.HeartbeatInterval, time, subscription, stopping.Token), stopping.Token);
    }

    // The log keeps append times in whole milliseconds, so each bound becomes an inclusive-from / exclusive-before millisecond.
    private static DateTimeOffset? CeilingMs(DateTimeOffset? t) =>
        t is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v.ToUnixTimeMilliseconds() + (v.Ticks % TimeSpan.TicksPerMillisecond == 0 ? 0 : 1)) : null;

    private static DateTimeOffset? NextMs(DateTimeOffset? t) =>
        t is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v.ToUnixTimeMilliseconds() + 1) : null;

    private static DateTimeOffset? Latest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
