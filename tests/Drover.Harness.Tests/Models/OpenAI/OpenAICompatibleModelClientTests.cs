using System.Text.Json;
using Drover.Harness.Models;
using static Drover.Harness.Tests.Models.OpenAI.FakeOpenAIChunks;
using static Drover.Harness.Tests.Models.OpenAI.OpenAITestRequests;

namespace Drover.Harness.Tests.Models.OpenAI;

/// <summary>What <see cref="Drover.Harness.Models.OpenAI.OpenAICompatibleModelClient"/> makes of a streamed chat completion.</summary>
public sealed class OpenAICompatibleModelClientTests : IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeOpenAIServer.StartAsync(Ct);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Text_streams_as_deltas_then_one_block_then_completion_with_usage()
    {
        _server.Enqueue(FakeOpenAIReply.Stream(Text("Hel"), Text("lo"), Text(" there"), Finish("stop"), Usage(120, 7, cachedTokens: 100)));
        using var client = ClientFor(_server);

        var items = await CollectAsync(client, Hello(), Ct);

        Assert.Equal(
            [
                new ModelTextDelta(0, "Hel"),
                new ModelTextDelta(0, "lo"),
                new ModelTextDelta(0, " there"),
                new ModelBlockCompleted(0, new ModelText("Hello there")),
                new ModelCompleted("end_turn", new ModelTokenUsage(20, 7, 100, 0)),
            ],
            items);
    }

    [Fact]
    public async Task Tool_calls_split_across_chunks_arrive_as_whole_tool_uses_after_the_text()
    {
        _server.Enqueue(FakeOpenAIReply.Stream(
            Text("Let me look."),
            ToolCall(0, "call_a", "read", "{\"pa"),
            ToolCall(0, null, null, "th\": \"/tmp"),
            ToolCall(0, null, null, "/x.txt\"}"),
            ToolCall(1, "call_b", "bash", "{\"command\": \"ls -l\", \"timeout\": 5}"),
            Finish("tool_calls"),
            Usage(50, 30)));
        using var client = ClientFor(_server);

        var items = await CollectAsync(client, Hello(), Ct);

        var blocks = items.OfType<ModelBlockCompleted>().ToList();
        Assert.Equal([0, 1, 2], blocks.Select(b => b.Index));
        Assert.Equal(new ModelText("Let me look."), blocks[0].Block);
        var read = Assert.IsType<ModelToolUse>(blocks[1].Block);
        Assert.Equal(("call_a", "read"), (read.Id, read.Name));
        Assert.Equal("""{"path":"/tmp/x.txt"}""", read.Input.GetRawText());
        var bash = Assert.IsType<ModelToolUse>(blocks[2].Block);
        Assert.Equal(("call_b", "bash"), (bash.Id, bash.Name));
        Assert.Equal("ls -l", bash.Input.GetProperty("command").GetString());
        Assert.Equal(5, bash.Input.GetProperty("timeout").GetInt32());
        Assert.Equal(new ModelCompleted("tool_use", new ModelTokenUsage(50, 30, 0, 0)), items[^1]);
    }

    /// <summary>The loop can answer such a call with an error the model can correct, instead of the turn failing.</summary>
    [Theory]
    [InlineData("{\"path\": \"/tm")]
    [InlineData("[1,2]")]
    [InlineData("\"/tmp\"")]
    public async Task Arguments_that_are_not_a_json_object_come_back_under_raw(string arguments)
    {
        _server.Enqueue(FakeOpenAIReply.Stream(ToolCall(0, "call_a", "read", arguments), Finish("tool_calls")));
        using var client = ClientFor(_server);

        var items = await CollectAsync(client, Hello(), Ct);

        var toolUse = Assert.IsType<ModelToolUse>(Assert.Single(items.OfType<ModelBlockCompleted>()).Block);
        Assert.Equal(JsonValueKind.Object, toolUse.Input.ValueKind);
        Assert.Equal(arguments, Assert.Single(toolUse.Input.EnumerateObject(), p => p.Name == "_raw").Value.GetString());
        Assert.Equal("tool_use", Assert.IsType<ModelCompleted>(items[^1]).StopReason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("{}")]
    public async Task A_call_without_arguments_has_an_empty_object_input(string arguments)
    {
        _server.Enqueue(FakeOpenAIReply.Stream(ToolCall(0, "call_a", "list_sessions", arguments), Finish("tool_calls")));
        using var client = ClientFor(_server);

        var items = await CollectAsync(client, Hello(), Ct);

        var toolUse = Assert.IsType<ModelToolUse>(Assert.Single(items.OfType<ModelBlockCompleted>()).Block);
        Assert.Equal("{}", toolUse.Input.GetRawText());
    }

    [Fact]
    public async Task A_response_cut_by_the_token_limit_ends_with_max_tokens()
    {
        _server.Enqueue(FakeOpenAIReply.Stream(Text("A long"), Finish("length"), Usage(10, 256)));
        using var client = ClientFor(_server);

        var items = await CollectAsync(client, Hello(), Ct);

        Assert.Equal(new ModelCompleted("max_tokens", new ModelTokenUsage(10, 256, 0, 0)), items[^1]);
    }

    [Fact]
    public async Task A_tool_call_finished_with_stop_is_still_tool_use()
    {
        _server.Enqueue(FakeOpenAIReply.Stream(ToolCall(0, "call_a", "glob", "{}"), Finish("stop")));
        using var client = ClientFor(_server);

        var items = await CollectAsync(client, Hello(), Ct);

        Assert.Equal("tool_use", Assert.IsType<ModelCompleted>(items[^1]).StopReason);
    }

    [Theory]
    [InlineData("stop", "end_turn")]
    [InlineData("length", "max_tokens")]
    [InlineData("content_filter", "refusal")]
    public async Task Finish_reasons_are_normalised(string finishReason, string stopReason)
    {
        _server.Enqueue(FakeOpenAIReply.Stream(Text("x"), Finish(finishReason)));
        using var client = ClientFor(_server);

        var items = await CollectAsync(client, Hello(), Ct);

        Assert.Equal(new ModelCompleted(stopReason, ModelTokenUsage.Zero), items[^1]);
    }
}
