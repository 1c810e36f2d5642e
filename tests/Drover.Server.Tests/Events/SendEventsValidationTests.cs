using System.Net;
using System.Text;
using System.Text.Json;
using Drover.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Server.Tests.Events;

/// <summary>What a client may not send: each refusal is a 4xx in the envelope naming the field, and stores nothing.</summary>
public sealed class SendEventsValidationTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> BadBodies => new()
    {
        { "{not json", "not valid JSON" },
        { "[]", "JSON object" },
        { "{}", "events" },
        { """{"events":{}}""", "events: must be an array" },
        { """{"events":[]}""", "events: must hold 1 to" },
        { """{"events":[7]}""", "events[0]: must be an object" },
        { """{"events":[{"content":[]}]}""", "events[0].type" },
        { """{"events":[{"type":"agent.message","content":[]}]}""", "cannot be sent by a client" },
        { """{"events":[{"type":"user.message"}]}""", "events[0]" },
        { """{"events":[{"type":"user.message","content":[]}]}""", "events[0].content: must hold at least one block" },
        { """{"events":[{"type":"user.message","content":"hi"}]}""", "events[0]" },
        { """{"events":[{"type":"user.message","content":[{"type":"redacted"}]}]}""", "events[0].content[0].type" },
        { """{"events":[{"type":"user.message","content":[{"type":"text","text":"ok"}]},{"type":"user.tool_confirmation","tool_use_id":"sevt_x","result":"maybe"}]}""", "events[1].result" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Malformed_sends_are_400_naming_the_problem_and_store_nothing(string body, string messagePart)
    {
        var sessionId = await TestSessions.CreateAsync(server, Ct);
        using var http = server.CreateHttpClient();

        var (status, type, message) = await PostAsync(http, sessionId, body);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request_error"), (status, type));
        Assert.Contains(messagePart, message, StringComparison.Ordinal);
        Assert.Equal(0, (await server.Services.GetRequiredService<ISessionLog>().GetSessionAsync(sessionId, Ct))!.LastSequence);
    }

    [Fact]
    public async Task Oversized_body_is_413_and_stores_nothing()
    {
        var sessionId = await TestSessions.CreateAsync(server, Ct);
        using var http = server.CreateHttpClient();
        var huge = new string('x', 33 * 1024 * 1024);

        var (status, type, _) = await PostAsync(http, sessionId, $$"""{"events":[{"type":"user.message","content":[{"type":"text","text":"{{huge}}"}]}]}""");

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "request_too_large"), (status, type));
        Assert.Equal(0, (await server.Services.GetRequiredService<ISessionLog>().GetSessionAsync(sessionId, Ct))!.LastSequence);
    }

    [Fact]
    public async Task Event_larger_than_the_log_allows_is_413()
    {
        var sessionId = await TestSessions.CreateAsync(server, Ct);
        using var http = server.CreateHttpClient();
        var big = new string('x', 2 * 1024 * 1024);

        var (status, type, message) = await PostAsync(http, sessionId, $$"""{"events":[{"type":"user.message","content":[{"type":"text","text":"{{big}}"}]}]}""");

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "request_too_large"), (status, type));
        Assert.Contains("events[0]", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sesn_01ARZ3NDEKTSV4RRFFQ69G5FAV")]
    [InlineData("env_01ARZ3NDEKTSV4RRFFQ69G5FAV")]
    [InlineData("not-an-id")]
    public async Task Sending_to_an_unknown_or_wrong_kind_id_is_404(string sessionId)
    {
        using var http = server.CreateHttpClient();

        var (status, type, message) = await PostAsync(http, sessionId, """{"events":[{"type":"user.message","content":[{"type":"text","text":"x"}]}]}""");

        Assert.Equal((HttpStatusCode.NotFound, "not_found_error"), (status, type));
        Assert.Contains(sessionId, message, StringComparison.Ordinal);
    }

    private static async Task<(HttpStatusCode Status, string? Type, string Message)> PostAsync(HttpClient http, string sessionId, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/sessions/{sessionId}/events")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };

        // With 100-continue the server can refuse an oversized body before the client sends it, as real clients do.
        request.Headers.ExpectContinue = true;
        using var response = await http.SendAsync(request, Ct);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var error = json.RootElement.GetProperty("error");
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        return (response.StatusCode, error.GetProperty("type").GetString(), error.GetProperty("message").GetString()!);
    }
}
