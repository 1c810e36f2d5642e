using System.Text.Json;
using Drover.Events;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;
using Drover.Sessions;

namespace Drover.Server.Sessions;

/// <summary>
/// A session lives in two stores: its API document in the resource store (kind <c>session</c>) and its events
/// in the session log. This keeps the two in step: create writes both or neither, delete removes both, and
/// document changes are read-modify-write guarded by the record's revision.
/// </summary>
internal sealed partial class SessionStore(IResourceStore resources, ISessionLog log, ILogger<SessionStore> logger)
{
    private const int MaxChangeAttempts = 3;

    /// <summary>Refuses an id that is not a session id with a 404 naming the parameter.</summary>
    public static void RequireId(string sessionId)
    {
        if (!DroverIds.HasPrefix(sessionId, DroverIds.Session))
        {
            throw ApiException.NotFound($"session_id: '{sessionId}' is not a session id (they look like sesn_...).");
        }
    }

    public async Task<ResourceRecord> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        RequireId(sessionId);
        return await resources.GetAsync(StoredKinds.Session, sessionId, cancellationToken: cancellationToken)
            ?? throw ApiException.NotFound($"No session has id '{sessionId}'.");
    }

    /// <summary>Creates the session in the log (with its initial events) and then its document; undoes the first writes if a later one fails.</summary>
    public async Task<ResourceRecord> CreateAsync(SessionDocument document, IReadOnlyList<NewEvent> initialEvents, SessionCredentials? credentials, CancellationToken cancellationToken)
    {
        // The log first: whatever a failure (or a crash) between the writes leaves behind is a log entry that no
        // document points at, which no list shows, rather than a listed session whose events cannot be read.
        await log.CreateSessionAsync(new NewSession(document.Id, "{}"), cancellationToken);
        try
        {
            if (initialEvents.Count > 0)
            {
                await log.AppendAsync(document.Id, initialEvents, AppendCondition.None, cancellationToken);
            }

            if (credentials is not null)
            {
                var secrets = JsonSerializer.Serialize(credentials, ApiJsonContext.Default.SessionCredentials);
                await resources.CreateAsync(new ResourceRecord(StoredKinds.SessionCredentials, document.Id, 1, null, document.CreatedAt, document.CreatedAt, null, secrets), cancellationToken);
            }

            var record = new ResourceRecord(StoredKinds.Session, document.Id, 1, null, document.CreatedAt, document.UpdatedAt, null, SessionJson.Serialize(document));
            return await resources.CreateAsync(record, cancellationToken);
        }
        catch (Exception)
        {
            await UndoCreateAsync(document.Id);
            throw;
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current document and stores the result unless it returns null
    /// (a no-op). The change may run more than once: when another request wrote in between, it runs again on
    /// the fresh document. It refuses by throwing <see cref="ApiException"/>.
    /// </summary>
    public async Task<SessionChange> ChangeAsync(string sessionId, Func<SessionDocument, SessionDocument?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var record = await GetAsync(sessionId, cancellationToken);
            var before = SessionJson.Deserialize(record.Data);
            if (change(before) is not { } after)
            {
                return new SessionChange(record, before, before, Changed: false);
            }

            try
            {
                var updated = record with { Data = SessionJson.Serialize(after), UpdatedAt = after.UpdatedAt, ArchivedAt = after.ArchivedAt };
                return new SessionChange(await resources.UpdateAsync(updated, record.Version, newVersion: false, cancellationToken), before, after, Changed: true);
            }
            catch (ResourceVersionConflictException) when (attempt < MaxChangeAttempts)
            {
                LogChangeConflict(logger, sessionId, attempt);
            }
        }
    }

    /// <summary>Appends one server event to the session's log.</summary>
    public Task AppendAsync(string sessionId, SessionEvent sessionEvent, CancellationToken cancellationToken) =>
        log.AppendAsync(sessionId, [sessionEvent.ToNewEvent()], AppendCondition.None, cancellationToken);

    /// <summary>
    /// Appends <c>session.deleted</c> (so open streams see it), deletes the log session (which ends those streams),
    /// then the document. A delete that stopped half way, leaving the document without its log, is finished.
    /// </summary>
    public async Task DeleteAsync(string sessionId, SessionEvent deleted, CancellationToken cancellationToken)
    {
        try
        {
            await AppendAsync(sessionId, deleted, cancellationToken);
        }
        catch (SessionNotFoundException)
        {
            LogFinishingDelete(logger, sessionId);
        }

        // Streams have been told; from here the delete completes even if the caller goes away.
        await log.DeleteSessionAsync(sessionId, CancellationToken.None);
        await resources.DeleteAsync(StoredKinds.SessionCredentials, sessionId, CancellationToken.None);
        await resources.DeleteAsync(StoredKinds.Session, sessionId, CancellationToken.None);
    }

    private async Task UndoCreateAsync(string sessionId)
    {
        try
        {
            await resources.DeleteAsync(StoredKinds.SessionCredentials, sessionId, CancellationToken.None);
            await log.DeleteSessionAsync(sessionId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The caller must see the failure that stopped the create; this one is only logged.
            LogUndoFailed(logger, ex, sessionId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not undo the partial creation of session {SessionId}; its log entry is left without a document")]
    private static partial void LogUndoFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} changed under an update (attempt {Attempt}); retrying on the fresh document")]
    private static partial void LogChangeConflict(ILogger logger, string sessionId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionId} has a document but no log; finishing an earlier delete")]
    private static partial void LogFinishingDelete(ILogger logger, string sessionId);
}
