using System.Text.Json;
using Drover.Events;
using Drover.Ids;
using Drover.Server.Api;
using Microsoft.AspNetCore.Mvc;

namespace Drover.Server.Sessions;

internal static partial class SessionEndpoints
{
    private static readonly HashSet<string> s_updateFields = ["title", "metadata", "agent", "budget", "vault_ids"];

    // SessionUpdatedEvent.Title cannot say "cleared": an explicit null is written through its extension data.
    private static readonly JsonElement s_jsonNull = JsonDocument.Parse("null").RootElement.Clone();

    /// <summary>
    /// <c>POST /v1/sessions/{id}</c>: patches <c>title</c> and <c>metadata</c>. A change appends <c>session.updated</c>
    /// with only the changed fields; an update that changes nothing writes nothing.
    /// </summary>
    private static async Task<IResult> UpdateAsync(
        [FromRoute(Name = "session_id")] string sessionId,
        HttpRequest request,
        SessionStore sessions,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        SessionStore.RequireId(sessionId);
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken, emptyIsObject: true);
        var root = body.RootElement;
        Fields.RejectUnknown(root, s_updateFields);
        if (IsSet(root, "vault_ids"))
        {
            throw ApiException.InvalidRequest("vault_ids: not yet supported; requests setting this field are rejected.");
        }

        if (IsSet(root, "agent"))
        {
            throw ApiException.InvalidRequest("agent: updating a session's tools and MCP servers is not supported by Drover yet.");
        }

        if (IsSet(root, "budget"))
        {
            throw ApiException.InvalidRequest("budget: changing a session's budget is not supported by Drover yet.");
        }

        var setsTitle = Fields.Has(root, "title");
        var title = Fields.OptionalString(root, "title", SessionCreateReader.MaxTitleLength);
        var now = Now(time);
        var change = await sessions.ChangeAsync(sessionId, current =>
        {
            if (current.ArchivedAt is not null)
            {
                throw ApiException.Conflict($"session_id: session '{sessionId}' is archived; archived sessions are read-only.");
            }

            if (Fields.Has(root, "budget") && current.Budget is not null)
            {
                throw ApiException.InvalidRequest("budget: removing a session's budget is not supported by Drover yet.");
            }

            var metadata = Metadata.Patch(current.Metadata, root);
            var titleChanged = setsTitle && !string.Equals(title, current.Title, StringComparison.Ordinal);
            return titleChanged || !SameBag(metadata, current.Metadata)
                ? current with { Title = titleChanged ? title : current.Title, Metadata = metadata, UpdatedAt = now }
                : null;
        }, cancellationToken);

        if (change.Changed)
        {
            var titleChanged = !string.Equals(change.Before.Title, change.After.Title, StringComparison.Ordinal);
            var updated = new SessionUpdatedEvent
            {
                Id = DroverIds.New(DroverIds.Event, time),
                ProcessedAt = now,
                Title = titleChanged ? change.After.Title : null,

                // The SDK documents metadata as absent both when unchanged and when cleared to empty.
                Metadata = SameBag(change.Before.Metadata, change.After.Metadata) || change.After.Metadata.Count == 0 ? null : change.After.Metadata,
                ExtensionData = titleChanged && change.After.Title is null ? new() { ["title"] = s_jsonNull } : null,
            };
            await sessions.AppendAsync(sessionId, updated, cancellationToken);
        }

        return Session(change.Record, now);
    }

    private static bool IsSet(JsonElement body, string name) =>
        body.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static bool SameBag(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var value) && string.Equals(value, pair.Value, StringComparison.Ordinal));
}
