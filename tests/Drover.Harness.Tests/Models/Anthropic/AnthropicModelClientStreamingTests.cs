using Drover.FakeModel;
using Drover.Harness.Models;
using static Drover.Harness.Tests.Models.Anthropic.AnthropicTestClient;

namespace Drover.Harness.Tests.Models.Anthropic;

/// <summary>What <c>AnthropicModelClient</c> makes of real SSE streams: deltas, completed blocks, stop reason, usage.</summary>
public sealed class AnthropicModelClientStreamingTests : IAsyncLifetime
{
    private FakeAnthropicServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeAnthropicServer.StartAsync(cancellationToken: Ct);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Text_streams_as_deltas_then_one_completed_block_then_completion()
    {
        _server.Enqueue(FakeReply.Text("Hello there, world").WithChunks(3));
        using var client = For(_server);

        var items = await client.CollectAsync(Request(User("hi")), Ct);

        var deltas = items.OfType<ModelTextDelta>().ToList();
        Assert.Equal(3, deltas.Count);
        Assert.All(deltas, d => Assert.Equal(0, d.Index));
        Assert.Equal("Hello there, world", string.Concat(deltas.Select(d => d.Text)));
        var completed = Assert.Single(items.OfType<ModelBlockCompleted>());
        Assert.Equal(new ModelText("Hello there, world"), completed.Block);
        var done = Assert.IsType<ModelCompleted>(items[^1]);
        Assert.Equal("end_turn", done.StopReason);
        Assert.True(items.IndexOf(completed) > items.IndexOf(deltas[^1]));
    }

    [Fact]
    public async Task Tool_use_input_is_assembled_from_chunked_json()
    {
        const string input = """{"command":"ls -la /tmp","timeout":30,"env":{"A":"x y"},"list":[1,2,{"deep":true}]}""";
        _server.Enqueue(FakeReply.Message().WithText("Let me look.").WithToolUse("bash", input, id: "toolu_01").WithChunks(7));
        using var client = For(_server);

        var items = await client.CollectAsync(Request(User("list files")), Ct);

        var blocks = items.OfType<ModelBlockCompleted>().ToList();
        Assert.Equal([0, 1], blocks.Select(b => b.Index));
        var toolUse = Assert.IsType<ModelToolUse>(blocks[1].Block);
        Assert.Equal("toolu_01", toolUse.Id);
        Assert.Equal("bash", toolUse.Name);
        Assert.Equal("ls -la /tmp", toolUse.Input.GetProperty("command").GetString());
        Assert.True(toolUse.Input.GetProperty("list")[2].GetProperty("deep").GetBoolean());
        Assert.Equal("x y", toolUse.Input.GetProperty("env").GetProperty("A").GetString());
        Assert.Equal("tool_use", Assert.IsType<ModelCompleted>(items[^1]).StopReason);
    }

    [Fact]
    public async Task Tool_use_with_empty_input_gives_an_empty_object()
    {
        _server.Enqueue(FakeReply.ToolUse("get_time", "{}"));
        using var client = For(_server);

        var items = await client.CollectAsync(Request(User("time?")), Ct);

        var toolUse = Assert.IsType<ModelToolUse>(items.OfType<ModelBlockCompleted>().Single().Block);
        Assert.Equal("{}", toolUse.Input.GetRawText());
    }

    [Fact]
    public async Task Thinking_keeps_its_signature_and_goes_back_verbatim_in_the_next_request()
    {
        _server.Enqueue(
            FakeReply.Message().WithThinking("The user wants a file listing.", "sig-EqQBCgIYAhIM1gbcDa9GJwZA").WithRedactedThinking("EmwKAhgBEgy3va3pz").WithToolUse("bash", """{"command":"ls"}""", id: "toolu_9"),
            FakeReply.Text("Two files."));
        using var client = For(_server);
        var request = Request(User("what is here?")) with { ThinkingBudgetTokens = 2048 };

        var first = await client.CollectAsync(request, Ct);
        var blocks = first.OfType<ModelBlockCompleted>().Select(b => b.Block).ToList();
        Assert.Equal(new ModelThinking("The user wants a file listing.", "sig-EqQBCgIYAhIM1gbcDa9GJwZA"), blocks[0]);
        Assert.Equal(new ModelRedactedThinking("EmwKAhgBEgy3va3pz"), blocks[1]);
        Assert.Equal("The user wants a file listing.", string.Concat(first.OfType<ModelThinkingDelta>().Select(d => d.Thinking)));

        var second = request with
        {
            Messages =
            [
                .. request.Messages,
                new ModelMessage(ModelRole.Assistant, blocks),
                new ModelMessage(ModelRole.User, [new ModelToolResult("toolu_9", [new ModelText("a.txt\nb.txt")], IsError: false)]),
            ],
        };
        await client.CollectAsync(second, Ct);

        var sent = _server.Requests[1];
        Assert.Equal(2048, sent.Body["thinking"]!["budget_tokens"]!.GetValue<int>());
        Assert.Equal("enabled", sent.Body["thinking"]!["type"]!.GetValue<string>());
        var assistant = sent.Messages[1]!["content"]!.AsArray();
        Assert.Equal("thinking", assistant[0]!["type"]!.GetValue<string>());
        Assert.Equal("The user wants a file listing.", assistant[0]!["thinking"]!.GetValue<string>());
        Assert.Equal("sig-EqQBCgIYAhIM1gbcDa9GJwZA", assistant[0]!["signature"]!.GetValue<string>());
        Assert.Equal("redacted_thinking", assistant[1]!["type"]!.GetValue<string>());
        Assert.Equal("EmwKAhgBEgy3va3pz", assistant[1]!["data"]!.GetValue<string>());
        Assert.Equal("tool_use", assistant[2]!["type"]!.GetValue<string>());
        Assert.Equal("ls", assistant[2]!["input"]!["command"]!.GetValue<string>());
    }

    [Fact]
    public async Task Usage_includes_cache_reads_and_writes_and_the_final_output_count()
    {
        _server.Enqueue(FakeReply.Text("ok").WithUsage(new FakeUsage(InputTokens: 12, OutputTokens: 345, CacheReadInputTokens: 5000, CacheCreationInputTokens: 700)));
        using var client = For(_server);

        var items = await client.CollectAsync(Request(User("hi")), Ct);

        Assert.Equal(new ModelTokenUsage(12, 345, 5000, 700), Assert.IsType<ModelCompleted>(items[^1]).Usage);
    }

    [Fact]
    public async Task Stop_reason_is_passed_through()
    {
        _server.Enqueue(FakeReply.Text("cut off").WithStopReason("max_tokens"));
        using var client = For(_server);

        var items = await client.CollectAsync(Request(User("write a novel")), Ct);

        Assert.Equal("max_tokens", Assert.IsType<ModelCompleted>(items[^1]).StopReason);
    }

    [Fact]
    public async Task Sends_the_key_the_model_and_streaming_flag()
    {
        _server.Enqueue(FakeReply.Text("ok"));
        using var client = For(_server);

        await client.CollectAsync(Request(User("hi")) with { MaxTokens = 1234 }, Ct);

        var sent = Assert.Single(_server.Requests);
        Assert.Equal(ApiKey, sent.ApiKey);
        Assert.Equal("claude-sonnet-4-5", sent.Model);
        Assert.True(sent.Stream);
        Assert.Equal(1234, sent.Body["max_tokens"]!.GetValue<int>());
        Assert.NotNull(sent.Header("anthropic-version"));
        Assert.Equal("0", sent.Header("x-stainless-retry-count"));
    }
}
