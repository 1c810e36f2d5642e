using System.Text.Json;
using static Drover.EndToEnd.Tests.DroverApi;

namespace Drover.EndToEnd.Tests;

/// <summary>What "nothing lost, nothing repeated" means for a session whose server was killed mid-turn.</summary>
internal static class CrashAssert
{
    /// <summary>
    /// The events of one turn with a message answered by <paramref name="answer"/>, whose model request was killed
    /// <paramref name="kills"/> times: each killed request's span is closed with <c>is_error</c>, the session is rescheduled
    /// onto a new run, which retries it;
    /// the answer appears once; the turn ends with <c>end_turn</c>.
    /// </summary>
    public static void RecoveredTurn(List<JsonElement> events, int kills, string answer)
    {
        List<string> expected = ["user.message", "session.status_running", "span.model_request_start"];
        for (var i = 0; i < kills; i++)
        {
            expected.AddRange(["span.model_request_end", "session.status_rescheduled", "session.status_running", "span.model_request_start"]);
        }

        expected.AddRange(["agent.message", "span.model_request_end", "session.usage", "session.status_idle"]);
        Assert.Equal(expected, events.Select(Type));
        Assert.Equal(answer, Assert.Single(events, e => Type(e) == "agent.message").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("end_turn", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
        SpansPaired(events, failed: kills);
    }

    /// <summary>Every <c>span.model_request_start</c> has exactly one end naming it; the first <paramref name="failed"/> ends (the killed requests) are errors, the rest are not.</summary>
    public static void SpansPaired(List<JsonElement> events, int failed)
    {
        var starts = events.Where(e => Type(e) == "span.model_request_start").Select(e => e.GetProperty("id").GetString()).ToList();
        var ends = events.Where(e => Type(e) == "span.model_request_end").ToList();
        Assert.Equal(starts, ends.Select(e => e.GetProperty("model_request_start_id").GetString()));
        Assert.Equal(
            Enumerable.Range(0, ends.Count).Select(i => i < failed),
            ends.Select(e => e.GetProperty("is_error").GetBoolean()));
        Assert.All(ends.Take(failed), e => Assert.Equal(0, e.GetProperty("model_usage").GetProperty("output_tokens").GetInt64()));
    }

    /// <summary>
    /// The stored log is whole: sequences 1..N without a gap, the session row's last sequence is N, every id is unique,
    /// and the API lists exactly the stored events, in order.
    /// </summary>
    public static async Task WholeAsync(StoredLog store, string sessionId, List<JsonElement> apiEvents)
    {
        var rows = await store.EventsAsync(sessionId);
        Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows.Select(r => r.Sequence));
        Assert.Equal(rows.Count, (await store.SessionAsync(sessionId)).LastSequence);
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(rows.Select(r => (r.Id, r.Type)), apiEvents.Select(e => (e.GetProperty("id").GetString()!, Type(e))));
    }
}
