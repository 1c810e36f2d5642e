using System.Net;
using System.Text;
using Anthropic;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Drover.FakeModel;

namespace Drover.Harness.Tests.FakeModel;

/// <summary>The fake Messages API speaks the wire protocol the official SDK expects, and scripts what tests need.</summary>
public sealed class FakeAnthropicServerTests : IAsyncLifetime
{
    private FakeAnthropicServer _server = null!;
    private AnthropicClient _sdk = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeAnthropicServer.StartAsync(cancellationToken: Ct);
        _sdk = new AnthropicClient { ApiKey = "sk-test", BaseUrl = _server.BaseUrl, MaxRetries = 0 };
    }

    public async ValueTask DisposeAsync()
    {
        _sdk.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Streams_the_real_event_sequence_with_a_ping()
    {
        _server.Enqueue(FakeReply.Message().WithThinking("hm", "sig").WithText("hi").WithToolUse("bash", """{"command":"ls"}""").WithChunks(2));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_server.BaseUrl}/v1/messages")
        {
            Content = new StringContent("""{"model":"m","max_tokens":10,"stream":true,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", "k");
        request.Headers.Add("anthropic-version", "2023-06-01");

        using var response = await http.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = body.Split('\n').Where(l => l.StartsWith("event: ", StringComparison.Ordinal)).Select(l => l["event: ".Length..]).ToList();
        string[] block(int deltas) => ["content_block_start", .. Enumerable.Repeat("content_block_delta", deltas), "content_block_stop"];
        Assert.Equal(
            ["message_start", "ping", .. block(3), .. block(2), .. block(3), "message_delta", "message_stop"],
            events);
        Assert.Contains("\"type\":\"signature_delta\",\"signature\":\"sig\"", body, StringComparison.Ordinal);
        Assert.Contains("\"partial_json\":\"\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_without_stream_with_a_json_message()
    {
        _server.Enqueue(FakeReply.Message().WithText("plain").WithToolUse("read", """{"path":"a"}""", id: "toolu_x").WithUsage(new FakeUsage(3, 4, 5, 6)));

        var message = await _sdk.Messages.Create(Params("hi"), Ct);

        Assert.Equal("plain", Assert.IsType<TextBlock>(message.Content[0].Value).Text);
        var toolUse = Assert.IsType<ToolUseBlock>(message.Content[1].Value);
        Assert.Equal("toolu_x", toolUse.ID);
        Assert.Equal("a", toolUse.Input["path"].GetString());
        Assert.Equal("tool_use", message.StopReason!.Raw());
        Assert.Equal((3, 4, 5L, 6L), (message.Usage.InputTokens, message.Usage.OutputTokens, message.Usage.CacheReadInputTokens, message.Usage.CacheCreationInputTokens));
        Assert.False(_server.Requests[0].Stream);
    }

    [Fact]
    public async Task Error_replies_carry_the_envelope_status_and_retry_after()
    {
        _server.Enqueue(FakeReply.RateLimited(TimeSpan.FromSeconds(1.5)));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_server.BaseUrl}/v1/messages")
        {
            Content = new StringContent("""{"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-api-key", "k");
        request.Headers.Add("anthropic-version", "2023-06-01");

        using var response = await http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        Assert.StartsWith("""{"type":"error","error":{"type":"rate_limit_error",""", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_more_than_four_cache_breakpoints_like_the_api()
    {
        _server.Responder = _ => FakeReply.Text("unreachable");
        var cached = new TextBlockParam { Text = "x", CacheControl = new CacheControlEphemeral() };
        var parameters = Params("hi") with
        {
            System = new MessageCreateParamsSystem(new List<TextBlockParam> { cached, cached, cached }),
            Messages = [new UserMessageParam(new MessageContentParam(new List<ContentBlockParam> { cached, cached }))],
        };

        var error = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => _sdk.Messages.Create(parameters, Ct));

        Assert.Equal("A maximum of 4 blocks with cache_control may be provided. Found 5.", error.ApiMessage);
    }

    [Fact]
    public async Task Refuses_a_tool_result_that_answers_no_tool_use()
    {
        _server.Responder = _ => FakeReply.Text("unreachable");
        var parameters = Params("hi") with
        {
            Messages =
            [
                new UserMessageParam(new MessageContentParam("hi")),
                new AssistantMessageParam(new MessageContentParam("sure")),
                new UserMessageParam(new MessageContentParam(new List<ContentBlockParam> { new ToolResultBlockParam("toolu_nope") { Content = "x" } })),
            ],
        };

        var error = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => _sdk.Messages.Create(parameters, Ct));

        Assert.Contains("toolu_nope", error.ApiMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_scripted_reply_the_answer_says_so()
    {
        var error = await Assert.ThrowsAsync<AnthropicBadRequestException>(() => _sdk.Messages.Create(Params("hi"), Ct));

        Assert.Contains("no reply scripted", error.ApiMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_responder_keyed_on_the_request_serves_concurrent_streams()
    {
        _server.Responder = request => FakeReply.Text($"echo: {request.LastUserText}");

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            var text = new StringBuilder();
            await foreach (var streamEvent in _sdk.Messages.CreateStreaming(Params($"session {i}"), Ct))
            {
                if (streamEvent.TryPickContentBlockDelta(out var delta) && delta.Delta.TryPickText(out var textDelta))
                {
                    text.Append(textDelta.Text);
                }
            }

            return (i, text.ToString());
        }));

        Assert.All(answers, a => Assert.Equal($"echo: session {a.i}", a.Item2));
        Assert.Equal(40, _server.Requests.Count);
        Assert.Equal(Enumerable.Range(0, 40), _server.Requests.Select(r => r.Index));
    }

    [Fact]
    public async Task A_router_keeps_each_conversation_in_its_own_script()
    {
        var router = new FakeReplyRouter(request => request.FirstUserText) { Fallback = _ => FakeReply.Text("fallback") };
        router.Enqueue("alice", FakeReply.Text("a1"), FakeReply.Text("a2"));
        router.Enqueue("bob", FakeReply.Text("b1"));
        _server.Responder = router.Respond;

        async Task<string> AskAsync(params string[] turns)
        {
            var messages = turns.Select((t, i) => i % 2 == 0 ? (MessageParam)new UserMessageParam(new MessageContentParam(t)) : new AssistantMessageParam(new MessageContentParam(t)));
            var message = await _sdk.Messages.Create(Params("x") with { Messages = [.. messages] }, Ct);
            return Assert.IsType<TextBlock>(message.Content[0].Value).Text;
        }

        Assert.Equal("b1", await AskAsync("bob"));
        Assert.Equal("a1", await AskAsync("alice"));
        Assert.Equal("a2", await AskAsync("alice", "a1", "more"));
        Assert.Equal("fallback", await AskAsync("bob", "b1", "more"));
    }

    [Fact]
    public async Task A_held_stream_waits_for_release_and_requests_can_be_awaited_by_index()
    {
        var gate = new FakeGate();
        _server.Enqueue(FakeReply.Text("before").Hold(gate).WithText("after"));

        var streaming = Task.Run(async () =>
        {
            var types = new List<string>();
            await foreach (var streamEvent in _sdk.Messages.CreateStreaming(Params("hi"), Ct))
            {
                types.Add(streamEvent.Type.Raw());
            }

            return types;
        }, Ct);
        var request = await _server.WaitForRequestAsync(0, Ct);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.False(streaming.IsCompleted);
        Assert.False(request.Finished.IsCompleted);
        gate.Release();

        var types = await streaming;
        await request.Finished.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.Equal(2, types.Count(t => t == "content_block_stop"));
        Assert.False(request.Disconnected.IsCompleted);
        Assert.Equal("sk-test", request.ApiKey);
    }

    [Fact]
    public async Task Recording_can_be_turned_off_for_long_runs()
    {
        await using var quiet = await FakeAnthropicServer.StartAsync(new FakeAnthropicServerOptions { RecordRequests = false }, Ct);
        quiet.Responder = _ => FakeReply.Text("ok");
        using var sdk = new AnthropicClient { ApiKey = "sk-test", BaseUrl = quiet.BaseUrl, MaxRetries = 0 };

        var waiting = quiet.WaitForRequestAsync(1, Ct);
        await sdk.Messages.Create(Params("a"), Ct);
        await sdk.Messages.Create(Params("b"), Ct);

        Assert.Equal("b", (await waiting).LastUserText);
        Assert.Empty(quiet.Requests);
        Assert.Equal(2, quiet.RequestCount);
    }

    private static MessageCreateParams Params(string text) => new()
    {
        Model = "claude-sonnet-4-5",
        MaxTokens = 100,
        Messages = [new UserMessageParam(new MessageContentParam(text))],
    };
}
