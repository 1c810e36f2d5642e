using System.Net;
using System.Text;
using System.Text.Json;
using Drover.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Server.Tests.Events;

/// <summary>The SSE stream on the wire: frame format, heartbeats, resuming with Last-Event-ID, and its end.</summary>
public sealed class SessionEventStreamTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Frames_carry_the_event_type_json_and_sequence_and_idle_streams_get_pings()
    {
        var sessionId = await TestSessions.CreateAsync(server, Ct);
        using var http = server.CreateHttpClient();
        using var cts = Timeout(30);
        using var response = await OpenAsync(http, sessionId, lastEventId: null, cts.Token);
        await using var frames = SseFrame.ReadAsync(await response.Content.ReadAsStreamAsync(Ct), cts.Token).GetAsyncEnumerator(cts.Token);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(("ping", "0"), (frames.Current.Event, frames.Current.Id));
        await SendAsync(http, sessionId, "hi");
        var frame = await NextEventAsync(frames);

        Assert.Equal(("user.message", "1"), (frame.Event, frame.Id));
        using var data = JsonDocument.Parse(frame.Data);
        Assert.Equal("user.message", data.RootElement.GetProperty("type").GetString());
        Assert.Equal("hi", data.RootElement.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task Reconnecting_with_Last_Event_ID_delivers_every_later_event_once()
    {
        var sessionId = await TestSessions.CreateAsync(server, Ct);
        using var http = server.CreateHttpClient();
        for (var i = 1; i <= 5; i++)
        {
            await SendAsync(http, sessionId, $"m{i}");
        }

        using var cts = Timeout(30);
        using var response = await OpenAsync(http, sessionId, lastEventId: "2", cts.Token);
        await using var frames = SseFrame.ReadAsync(await response.Content.ReadAsStreamAsync(Ct), cts.Token).GetAsyncEnumerator(cts.Token);
        var ids = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await NextEventAsync(frames)).Id);
        }

        await SendAsync(http, sessionId, "m6");
        ids.Add((await NextEventAsync(frames)).Id);

        Assert.Equal(["3", "4", "5", "6"], ids);
    }

    [Fact]
    public async Task Deleting_the_session_ends_its_streams()
    {
        var sessionId = await TestSessions.CreateAsync(server, Ct);
        using var http = server.CreateHttpClient();
        using var cts = Timeout(30);
        using var response = await OpenAsync(http, sessionId, lastEventId: null, cts.Token);
        await using var frames = SseFrame.ReadAsync(await response.Content.ReadAsStreamAsync(Ct), cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await frames.MoveNextAsync());

        await server.Services.GetRequiredService<ISessionLog>().DeleteSessionAsync(sessionId, Ct);

        while (await frames.MoveNextAsync())
        {
            Assert.Equal("ping", frames.Current.Event);
        }
    }

    [Theory]
    [InlineData("sesn_01ARZ3NDEKTSV4RRFFQ69G5FAV", null, HttpStatusCode.NotFound, "not_found_error")]
    [InlineData("agent_01ARZ3NDEKTSV4RRFFQ69G5FAV", null, HttpStatusCode.NotFound, "not_found_error")]
    [InlineData(null, "?event_deltas[]=agent.tool_use", HttpStatusCode.BadRequest, "invalid_request_error")]
    public async Task Bad_stream_requests_get_the_error_envelope_not_a_stream(string? sessionId, string? query, HttpStatusCode status, string type)
    {
        sessionId ??= await TestSessions.CreateAsync(server, Ct);
        using var http = server.CreateHttpClient();

        using var response = await http.GetAsync(new Uri($"/v1/sessions/{sessionId}/events/stream{query}", UriKind.Relative), Ct);

        Assert.Equal(status, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal(type, body.RootElement.GetProperty("error").GetProperty("type").GetString());
    }

    private static async Task<HttpResponseMessage> OpenAsync(HttpClient http, string sessionId, string? lastEventId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/sessions/{sessionId}/events/stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static async Task SendAsync(HttpClient http, string sessionId, string text)
    {
        using var content = new StringContent($$"""{"events":[{"type":"user.message","content":[{"type":"text","text":"{{text}}"}]}]}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri($"/v1/sessions/{sessionId}/events", UriKind.Relative), content, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<SseFrame> NextEventAsync(IAsyncEnumerator<SseFrame> frames)
    {
        while (await frames.MoveNextAsync())
        {
            if (frames.Current.Event != "ping")
            {
                return frames.Current;
            }
        }

        throw new InvalidOperationException("The stream ended before the next event.");
    }

    private static CancellationTokenSource Timeout(int seconds)
    {
        var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(seconds));
        return cts;
    }
}
