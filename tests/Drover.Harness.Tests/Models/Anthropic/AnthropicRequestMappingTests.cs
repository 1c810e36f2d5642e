using System.Text.Json.Nodes;
using Drover.FakeModel;
using Drover.Harness.Models;
using static Drover.Harness.Tests.Models.Anthropic.AnthropicTestClient;

namespace Drover.Harness.Tests.Models.Anthropic;

/// <summary>The Messages API request body <c>AnthropicModelClient</c> sends, as the fake server received it.</summary>
public sealed class AnthropicRequestMappingTests : IAsyncLifetime
{
    private static readonly ModelTool[] s_tools =
    [
        new("read", "Reads a file.", Json("""{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}""")),
        new("bash", "Runs a command.", Json("""{"properties":{"command":{"type":"string"}},"additionalProperties":false}""")),
    ];

    private FakeAnthropicServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeAnthropicServer.StartAsync(cancellationToken: Ct);
        _server.Responder = _ => FakeReply.Text("ok");
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task System_and_last_tool_carry_cache_control_and_schemas_pass_through()
    {
        var body = await SendAsync(Request(User("hi")) with { System = "You are terse.", Tools = s_tools });

        var system = Assert.IsType<JsonArray>(body["system"]);
        Assert.Equal("You are terse.", Assert.Single(system)!["text"]!.GetValue<string>());
        Assert.Equal("ephemeral", system[0]!["cache_control"]!["type"]!.GetValue<string>());
        var tools = body["tools"]!.AsArray();
        Assert.Null(tools[0]!["cache_control"]);
        Assert.Equal("ephemeral", tools[1]!["cache_control"]!["type"]!.GetValue<string>());
        Assert.Equal("path", tools[0]!["input_schema"]!["required"]![0]!.GetValue<string>());
        Assert.Equal("object", tools[1]!["input_schema"]!["type"]!.GetValue<string>());
        Assert.False(tools[1]!["input_schema"]!["additionalProperties"]!.GetValue<bool>());
        Assert.Equal("Runs a command.", tools[1]!["description"]!.GetValue<string>());
        Assert.Equal(2, CountCacheControl(body));
    }

    [Fact]
    public async Task Without_cache_flag_nothing_is_marked_and_without_system_no_system_is_sent()
    {
        var body = await SendAsync(Request(User("hi")) with { Tools = s_tools, CacheSystemAndTools = false });

        Assert.Null(body["system"]);
        Assert.Equal(0, CountCacheControl(body));
        Assert.Null(body["thinking"]);
    }

    [Fact]
    public async Task Flagged_messages_get_cache_control_on_their_last_cacheable_block()
    {
        var request = Request(
            User("first", breakpoint: true),
            new ModelMessage(ModelRole.Assistant,
            [
                new ModelThinking("hmm", "sig"),
                new ModelText("calling"),
                new ModelToolUse("toolu_1", "read", Json("""{"path":"a"}""")),
            ]) { CacheBreakpoint = true },
            new ModelMessage(ModelRole.User, [new ModelToolResult("toolu_1", [new ModelText("contents")], IsError: false)]) { CacheBreakpoint = true },
            Assistant(new ModelText("done"), new ModelThinking("after", "sig2")) with { CacheBreakpoint = true },
            User("next"));

        var messages = (await SendAsync(request with { CacheSystemAndTools = false }))["messages"]!.AsArray();

        Assert.NotNull(Block(messages, 0, 0)["cache_control"]);
        Assert.Null(Block(messages, 1, 0)["cache_control"]);
        Assert.Null(Block(messages, 1, 1)["cache_control"]);
        Assert.NotNull(Block(messages, 1, 2)["cache_control"]);
        Assert.NotNull(Block(messages, 2, 0)["cache_control"]);
        // A thinking block cannot carry it, so the block before it does.
        Assert.NotNull(Block(messages, 3, 0)["cache_control"]);
        Assert.Null(Block(messages, 3, 1)["cache_control"]);
        Assert.Null(Block(messages, 4, 0)["cache_control"]);
    }

    [Fact]
    public async Task At_most_four_breakpoints_are_sent_dropping_the_earliest_message_ones()
    {
        var request = Request(
            User("m0", breakpoint: true),
            Assistant(new ModelText("m1")) with { CacheBreakpoint = true },
            User("m2", breakpoint: true),
            Assistant(new ModelText("m3")) with { CacheBreakpoint = true },
            User("m4", breakpoint: true)) with { System = "sys", Tools = s_tools };

        var body = await SendAsync(request);

        Assert.Equal(4, CountCacheControl(body));
        var messages = body["messages"]!.AsArray();
        Assert.Equal([false, false, false, true, true], Enumerable.Range(0, 5).Select(i => Block(messages, i, 0)["cache_control"] is not null));

        var withoutSystemAndTools = await SendAsync(request with { CacheSystemAndTools = false });
        Assert.Equal(4, CountCacheControl(withoutSystemAndTools));
        Assert.Null(Block(withoutSystemAndTools["messages"]!.AsArray(), 0, 0)["cache_control"]);
    }

    [Fact]
    public async Task Tool_results_carry_content_and_is_error_and_media_passes_through()
    {
        const string image = """{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}""";
        const string document = """{"type":"document","source":{"type":"text","media_type":"text/plain","data":"notes"},"title":"notes.txt"}""";
        var request = Request(
            new ModelMessage(ModelRole.User, [new ModelText("look"), new ModelMedia(Json(document)), new ModelMedia(Json(image))]) { CacheBreakpoint = true },
            Assistant(new ModelToolUse("toolu_a", "read", Json("""{"path":"x.png"}""")), new ModelToolUse("toolu_b", "bash", Json("""{"command":"false"}"""))),
            new ModelMessage(ModelRole.User,
            [
                new ModelToolResult("toolu_a", [new ModelText("the picture"), new ModelMedia(Json(image))], IsError: false),
                new ModelToolResult("toolu_b", [new ModelText("exit code 1")], IsError: true),
            ]));

        var messages = (await SendAsync(request))["messages"]!.AsArray();

        Assert.Equal("notes.txt", Block(messages, 0, 1)["title"]!.GetValue<string>());
        Assert.Equal("iVBORw0KGgo=", Block(messages, 0, 2)["source"]!["data"]!.GetValue<string>());
        Assert.Equal("ephemeral", Block(messages, 0, 2)["cache_control"]!["type"]!.GetValue<string>());
        var ok = Block(messages, 2, 0);
        Assert.Equal("toolu_a", ok["tool_use_id"]!.GetValue<string>());
        Assert.True(ok["is_error"] is null || !ok["is_error"]!.GetValue<bool>());
        Assert.Equal("the picture", ok["content"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("image", ok["content"]![1]!["type"]!.GetValue<string>());
        var failed = Block(messages, 2, 1);
        Assert.True(failed["is_error"]!.GetValue<bool>());
        Assert.Equal("exit code 1", failed["content"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Blank_text_blocks_are_left_out_and_unset_max_tokens_uses_the_default()
    {
        var request = Request(User("hi"), Assistant(new ModelText(""), new ModelText("answer")), User("more")) with { MaxTokens = 0 };

        var body = await SendAsync(request);

        Assert.Single(body["messages"]![1]!["content"]!.AsArray());
        Assert.Equal(8192, body["max_tokens"]!.GetValue<int>());
    }

    private async Task<JsonObject> SendAsync(ModelRequest request)
    {
        using var client = For(_server);
        var items = await client.CollectAsync(request, Ct);
        Assert.IsType<ModelCompleted>(items[^1]);
        return _server.Requests[^1].Body;
    }

    private static JsonObject Block(JsonArray messages, int message, int block) => messages[message]!["content"]![block]!.AsObject();

    private static int CountCacheControl(JsonNode? node) => node switch
    {
        JsonObject obj => (obj.ContainsKey("cache_control") && obj["cache_control"] is not null ? 1 : 0) + obj.Sum(p => CountCacheControl(p.Value)),
        JsonArray array => array.Sum(CountCacheControl),
        _ => 0,
    };
}
