using System.Net;
using System.Text.Json;
using Drover.FakeModel;
using Drover.Server.Tests.Harness;
using static Drover.Server.Tests.Harness.Turns;

namespace Drover.Server.Tests.Events;

/// <summary>Live previews (<c>event_deltas[]</c>): a real harness streaming from the fake model, read by raw SSE clients.</summary>
public sealed class EventPreviewTests(HarnessServerFixture server) : IClassFixture<HarnessServerFixture>
{
    private const string Text = "Hello there, this arrives in pieces.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly Turns _turns = new(server.CreateHttpClient());

    [Fact]
    public async Task An_opted_in_stream_sees_the_text_before_the_message_and_the_message_last_with_the_same_id()
    {
        var gate = new FakeGate();
        server.Model.Responder = _ => FakeReply.Message().WithText(Text).WithChunks(4).Hold(gate);
        var sessionId = await _turns.CreateSessionAsync();
        var http = server.CreateHttpClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        using var previewed = await OpenAsync(http, sessionId, "?event_deltas[]=agent.message", cts.Token);
        using var plain = await OpenAsync(http, sessionId, "", cts.Token);
        await using var frames = SseFrame.ReadAsync(await previewed.Content.ReadAsStreamAsync(cts.Token), cts.Token).GetAsyncEnumerator(cts.Token);
        var plainFrames = ReadUntilIdleAsync(await plain.Content.ReadAsStreamAsync(cts.Token), cts.Token);

        await _turns.SendAsync(sessionId, Message("hi"));
        await gate.Reached.WaitAsync(cts.Token);

        // The whole text arrives as previews while the response is still held open (nothing logged yet).
        var seen = new List<SseFrame>();
        var text = "";
        while (text != Text)
        {
            var frame = await NextAsync(frames);
            seen.Add(frame);
            if (frame.Event == "event_delta")
            {
                text += Json(frame).GetProperty("delta").GetProperty("content").GetProperty("text").GetString();
            }
        }

        Assert.DoesNotContain(await _turns.EventsAsync(sessionId), e => Type(e) == "agent.message");
        var starts = seen.Where(f => f.Event == "event_start").ToList();
        var start = Assert.Single(starts);
        Assert.Null(start.Id);
        var previewId = Json(start).GetProperty("event").GetProperty("id").GetString();
        Assert.Equal("agent.message", Json(start).GetProperty("event").GetProperty("type").GetString());
        Assert.Equal("span.model_request_start", seen.TakeWhile(f => f != start).Last().Event);
        var deltas = seen.SkipWhile(f => f != start).Skip(1).ToList();
        Assert.True(deltas.Count >= 2, "the text came in several deltas");
        Assert.All(deltas, d =>
        {
            Assert.Equal("event_delta", d.Event);
            Assert.Null(d.Id);
            var json = Json(d);
            Assert.Equal(previewId, json.GetProperty("event_id").GetString());
            Assert.Equal("content_delta", json.GetProperty("delta").GetProperty("type").GetString());
            Assert.Equal(0, json.GetProperty("delta").GetProperty("index").GetInt32());
            Assert.False(json.TryGetProperty("processed_at", out _));
        });

        gate.Release();
        var rest = new List<SseFrame>();
        while (rest.LastOrDefault()?.Event != "session.status_idle")
        {
            rest.Add(await NextAsync(frames));
        }

        // The logged message closes the preview: same id, an id: line, and nothing previewed after it.
        var message = rest.Single(f => f.Event == "agent.message");
        Assert.Equal(previewId, Json(message).GetProperty("id").GetString());
        Assert.NotNull(message.Id);
        Assert.Equal(Text, Json(message).GetProperty("content")[0].GetProperty("text").GetString());
        Assert.DoesNotContain(rest, f => f.Event is "event_start" or "event_delta");
        Assert.Equal("span.model_request_end", rest[rest.IndexOf(message) + 1].Event);

        // The stream without event_deltas saw the same turn with no preview at all.
        var plainSeen = await plainFrames;
        Assert.Contains(plainSeen, f => f.Event == "agent.message");
        Assert.DoesNotContain(plainSeen, f => f.Event is "event_start" or "event_delta");
    }

    [Fact]
    public async Task Thinking_is_previewed_by_its_start_only_and_only_when_asked_for()
    {
        server.Model.Responder = _ => FakeReply.Message().WithThinking("let me think about it", "sig-1").WithText("Done.").WithChunks(3);
        var sessionId = await _turns.CreateSessionAsync();
        var http = server.CreateHttpClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        using var thinkingOnly = await OpenAsync(http, sessionId, "?event_deltas[]=agent.thinking", cts.Token);
        var frames = ReadUntilIdleAsync(await thinkingOnly.Content.ReadAsStreamAsync(cts.Token), cts.Token);

        await _turns.SendAsync(sessionId, Message("think"));
        var seen = await frames;

        var start = Assert.Single(seen, f => f.Event == "event_start");
        Assert.Equal("agent.thinking", Json(start).GetProperty("event").GetProperty("type").GetString());
        Assert.DoesNotContain(seen, f => f.Event == "event_delta");
        var thinking = seen.Single(f => f.Event == "agent.thinking");
        Assert.Equal(Json(start).GetProperty("event").GetProperty("id").GetString(), Json(thinking).GetProperty("id").GetString());
        Assert.True(seen.IndexOf(start) < seen.IndexOf(thinking));
    }

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient http, string sessionId, string query, CancellationToken cancellationToken)
    {
        var response = await http.GetAsync(new Uri($"/v1/sessions/{sessionId}/events/stream{query}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static async Task<List<SseFrame>> ReadUntilIdleAsync(Stream body, CancellationToken cancellationToken)
    {
        var seen = new List<SseFrame>();
        await foreach (var frame in SseFrame.ReadAsync(body, cancellationToken))
        {
            if (frame.Event == "ping")
            {
                continue;
            }

            seen.Add(frame);
            if (frame.Event == "session.status_idle")
            {
                break;
            }
        }

        return seen;
    }

    private static async Task<SseFrame> NextAsync(IAsyncEnumerator<SseFrame> frames)
    {
        while (await frames.MoveNextAsync())
        {
            if (frames.Current.Event != "ping")
            {
                return frames.Current;
            }
        }

        throw new InvalidOperationException("The stream ended early.");
    }

    private static JsonElement Json(SseFrame frame) => JsonDocument.Parse(frame.Data).RootElement;
}
