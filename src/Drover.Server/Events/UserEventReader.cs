using System.Text.Json;
using Drover.Events;
using Drover.Ids;
using Drover.Server.Api;
using Drover.Sessions;

namespace Drover.Server.Events;

/// <summary>
/// Reads the events a client sends (<c>POST /v1/sessions/{id}/events</c>) into records, refusing what a
/// client may not send with a message that names the event, the field and the rule.
/// </summary>
internal static class UserEventReader
{
    public const int MaxEventsPerRequest = 1000;

    private static readonly HashSet<string> s_sendable =
    [
        EventTypes.UserMessage,
        EventTypes.UserInterrupt,
        EventTypes.UserToolConfirmation,
        EventTypes.UserCustomToolResult,
        EventTypes.UserToolResult,
        EventTypes.UserDefineOutcome,
        EventTypes.SystemMessage,
    ];

    public static List<SessionEvent> Read(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("events", out var events))
        {
            throw ApiException.InvalidRequest("events: required; the body must be an object {\"events\": [...]}.");
        }

        if (events.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.InvalidRequest("events: must be an array.");
        }

        var count = events.GetArrayLength();
        if (count is 0 or > MaxEventsPerRequest)
        {
            throw ApiException.InvalidRequest($"events: must hold 1 to {MaxEventsPerRequest} events; got {count}.");
        }

        return ReadList(events, "events", s_sendable);
    }

    /// <summary>Reads an array of client events named <paramref name="field"/> in messages, allowing only the <paramref name="allowed"/> types.</summary>
    public static List<SessionEvent> ReadList(JsonElement events, string field, IReadOnlySet<string> allowed)
    {
        var result = new List<SessionEvent>(events.GetArrayLength());
        var index = 0;
        foreach (var element in events.EnumerateArray())
        {
            result.Add(ReadOne(element, $"{field}[{index++}]", allowed));
        }

        return result;
    }

    /// <summary>Gives each event its server id and, for those processed on receipt, its processing time; ready to append.</summary>
    public static NewEvent[] Accept(IReadOnlyList<SessionEvent> events, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var result = new NewEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] with
            {
                Id = DroverIds.New(DroverIds.Event, time),

                // Results and outcome definitions are processed on receipt; everything else waits in the queue.
                ProcessedAt = events[i] is UserCustomToolResultEvent or UserToolResultEvent or UserDefineOutcomeEvent ? now : null,
            };
            result[i] = e.ToNewEvent();
        }

        return result;
    }

    private static SessionEvent ReadOne(JsonElement element, string at, IReadOnlySet<string> allowed)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.InvalidRequest($"{at}: must be an object.");
        }

        if (!element.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw ApiException.InvalidRequest($"{at}.type: required string.");
        }

        var type = typeElement.GetString()!;
        if (!allowed.Contains(type))
        {
            throw ApiException.InvalidRequest($"{at}.type: '{type}' cannot be sent by a client; expected one of {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.");
        }

        SessionEvent parsed;
        try
        {
            parsed = SessionEventJson.Deserialize(element.GetRawText());
        }
        catch (JsonException ex)
        {
            var path = ex.Path is { Length: > 1 } p ? p.TrimStart('$') : string.Empty;
            throw ApiException.InvalidRequest($"{at}{path}: {FirstSentence(ex.Message)}");
        }

        Check(parsed, at);
        return parsed;
    }

    private static void Check(SessionEvent e, string at)
    {
        switch (e)
        {
            case UserMessageEvent { Content.Count: 0 }:
                throw ApiException.InvalidRequest($"{at}.content: must hold at least one block.");
            case UserMessageEvent message:
                for (var i = 0; i < message.Content.Count; i++)
                {
                    if (message.Content[i] is not (TextBlock or ImageBlock or DocumentBlock))
                    {
                        throw ApiException.InvalidRequest($"{at}.content[{i}].type: user messages take text, image and document blocks; '{message.Content[i].Type}' is not allowed.");
                    }
                }

                break;
            case UserToolConfirmationEvent { Result: not ("allow" or "deny") } confirmation:
                throw ApiException.InvalidRequest($"{at}.result: must be 'allow' or 'deny', not '{confirmation.Result}'.");
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
