using Drover.Events;
using Drover.Hands;
using Drover.Ids;
using Drover.Server.Api;
using Drover.Server.Files;
using Microsoft.AspNetCore.Mvc;

namespace Drover.Server.Sessions;

internal static partial class SessionEndpoints
{
    private static readonly HashSet<string> s_noFields = [];

    /// <summary>
    /// <c>POST /v1/sessions/{id}/archive</c>: makes the session read-only and terminated for good (appending
    /// <c>session.status_terminated</c>); refused while it runs. Archiving an archived session returns it as it is.
    /// </summary>
    private static async Task<IResult> ArchiveAsync(
        [FromRoute(Name = "session_id")] string sessionId,
        HttpRequest request,
        SessionStore sessions,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        SessionStore.RequireId(sessionId);
        using (var body = await JsonBody.ReadObjectAsync(request, cancellationToken, emptyIsObject: true))
        {
            Fields.RejectUnknown(body.RootElement, s_noFields);
        }

        var now = Now(time);
        var change = await sessions.ChangeAsync(sessionId, current =>
        {
            if (current.ArchivedAt is not null)
            {
                return null;
            }

            RefuseWhileRunning(current, "archiving");
            return current with
            {
                Status = SessionStatuses.Terminated,
                ArchivedAt = now,
                UpdatedAt = now,

                // A terminated session's duration stops here; reads no longer recompute it.
                Stats = current.Status == SessionStatuses.Terminated ? current.Stats : current.Stats with { DurationSeconds = SessionJson.DurationSeconds(current.CreatedAt, now) },
            };
        }, cancellationToken);

        if (change.Changed && change.Before.Status != SessionStatuses.Terminated)
        {
            await sessions.AppendAsync(sessionId, new SessionStatusTerminatedEvent { Id = DroverIds.New(DroverIds.Event, time), ProcessedAt = now }, cancellationToken);
        }

        return Session(change.Record, now);
    }

    /// <summary>
    /// <c>DELETE /v1/sessions/{id}</c>: refused while the session runs; otherwise appends <c>session.deleted</c>,
    /// removes the log (ending every open stream) and the document, and returns the tombstone.
    /// </summary>
    private static async Task<IResult> DeleteAsync(
        [FromRoute(Name = "session_id")] string sessionId,
        SessionStore sessions,
        IHands hands,
        FileStore files,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var record = await sessions.GetAsync(sessionId, cancellationToken);
        RefuseWhileRunning(SessionJson.Deserialize(record.Data), "deleting");
        await sessions.DeleteAsync(sessionId, new SessionDeletedEvent { Id = DroverIds.New(DroverIds.Event, time), ProcessedAt = Now(time) }, cancellationToken);

        // The session is gone; its sandbox, workspace and output files go with it (files it mounted stay).
        await hands.DiscardSessionAsync(sessionId, CancellationToken.None);
        await files.DeleteScopeAsync(sessionId, CancellationToken.None);
        files.DeleteSessionCopies(sessionId);
        return TypedResults.Json(new DeletedSession(sessionId), ApiJsonContext.Default.DeletedSession);
    }

    private static void RefuseWhileRunning(SessionDocument session, string what)
    {
        if (session.Status == SessionStatuses.Running)
        {
            throw ApiException.InvalidRequest($"session_id: session '{session.Id}' is running; interrupt it and wait until it is idle before {what} it.");
        }
    }
}
