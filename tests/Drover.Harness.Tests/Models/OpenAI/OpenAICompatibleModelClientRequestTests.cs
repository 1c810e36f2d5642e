using System.Text.Json;
using Drover.Harness.Models;
using Drover.Harness.Models.OpenAI;
using static Drover.Harness.Tests.Models.OpenAI.FakeOpenAIChunks;
using static Drover.Harness.Tests.Models.OpenAI.OpenAITestRequests;

namespace Drover.Harness.Tests.Models.OpenAI;

/// <summary>What <see cref="Drover.Harness.Models.OpenAI.OpenAICompatibleModelClient"/> sends: the chat-completions body built from a <see cref="ModelRequest"/>.</summary>
public sealed class OpenAICompatibleModelClientRequestTests : IAsyncLifetime
{
    private const string ReadSchema = """{"type":"object","properties":{"path":{"type":"string","description":"File to read"}},"required":["path"]}""";

    private FakeOpenAIServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeOpenAIServer.StartAsync(Ct);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task A_conversation_with_tools_is_sent_as_chat_completions_messages()
    {
        _server.Enqueue(FakeOpenAIReply.Stream(Text("ok"), Finish("stop")));
        using var client = ClientFor(_server);
        var request = new ModelRequest(
            "qwen2.5:7b",
            "You are careful.",
            [
                new ModelMessage(ModelRole.User, [new ModelText("Read two files.")]),
                new ModelMessage(ModelRole.Assistant,
                [
                    new ModelThinking("I should read them.", "sig-abc"),
                    new ModelRedactedThinking("opaque"),
                    new ModelText("Reading."),
                    new ModelToolUse("sevt_1", "read", Json("""{"path":"/a.txt"}""")),
                    new ModelToolUse("sevt_2", "read", Json("""{"path":"/b.txt"}""")),
                ]),
                new ModelMessage(ModelRole.User,
                [
                    new ModelText("Also, here is a picture."),
                    new ModelToolResult(
                        "sevt_1",
                        [
                            new ModelText("line 1"),
                            new ModelMedia(Json("""{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}""")),
                            new ModelText("line 2"),
                        ],
                        IsError: false),
                    new ModelToolResult("sevt_2", [new ModelText("no such file")], IsError: true),
                    new ModelMedia(Json("""{"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}}""")),
                    new ModelMedia(Json("""{"type":"document","source":{"type":"base64","media_type":"application/pdf","data":"JVBERi0="}}""")),
                ]),
            ],
            [new ModelTool("read", "Reads a file.", Json(ReadSchema))],
            MaxTokens: 1024)
        {
            ThinkingBudgetTokens = 2000,
        };

        await CollectAsync(client, request, Ct);

        var sent = Assert.Single(_server.Requests);
        var body = sent.Body;
        Assert.Equal("qwen2.5:7b", body.GetProperty("model").GetString());
        Assert.True(body.GetProperty("stream").GetBoolean());
        Assert.True(body.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
        Assert.Equal(1024, body.GetProperty("max_tokens").GetInt32());
        Assert.False(body.TryGetProperty("max_completion_tokens", out _));

        var tool = Assert.Single(body.GetProperty("tools").EnumerateArray());
        Assert.Equal("function", tool.GetProperty("type").GetString());
        Assert.Equal("read", tool.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("Reads a file.", tool.GetProperty("function").GetProperty("description").GetString());
        var parameters = tool.GetProperty("function").GetProperty("parameters");
        Assert.Equal("string", parameters.GetProperty("properties").GetProperty("path").GetProperty("type").GetString());
        Assert.Equal("File to read", parameters.GetProperty("properties").GetProperty("path").GetProperty("description").GetString());
        Assert.Equal(["path"], parameters.GetProperty("required").EnumerateArray().Select(e => e.GetString()));

        var messages = sent.Messages;
        Assert.Equal(["system", "user", "assistant", "tool", "tool", "user"], messages.Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("You are careful.", ContentText(messages[0]));
        Assert.Equal("Read two files.", ContentText(messages[1]));

        var assistant = messages[2];
        Assert.Equal("Reading.", ContentText(assistant));
        Assert.DoesNotContain("I should read them", assistant.GetRawText(), StringComparison.Ordinal);
        var calls = assistant.GetProperty("tool_calls").EnumerateArray().ToList();
        Assert.Equal(["sevt_1", "sevt_2"], calls.Select(c => c.GetProperty("id").GetString()));
        Assert.All(calls, c => Assert.Equal("read", c.GetProperty("function").GetProperty("name").GetString()));
        using var arguments = JsonDocument.Parse(calls[1].GetProperty("function").GetProperty("arguments").GetString()!);
        Assert.Equal("/b.txt", arguments.RootElement.GetProperty("path").GetString());

        Assert.Equal("sevt_1", messages[3].GetProperty("tool_call_id").GetString());
        Assert.Equal("line 1\n[image attachment omitted: this model endpoint cannot receive it]\nline 2", ContentText(messages[3]));
        Assert.Equal("sevt_2", messages[4].GetProperty("tool_call_id").GetString());
        Assert.Equal("Error: no such file", ContentText(messages[4]));

        var parts = messages[5].GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(["text", "image_url", "text"], parts.Select(p => p.GetProperty("type").GetString()));
        Assert.Equal("Also, here is a picture.", parts[0].GetProperty("text").GetString());
        Assert.Equal("data:image/png;base64,iVBORw0KGgo=", parts[1].GetProperty("image_url").GetProperty("url").GetString());
        Assert.Contains("document attachment omitted", parts[2].GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_key_no_authorization_header_is_sent()
    {
        _server.Enqueue(FakeOpenAIReply.Stream(Finish("stop")), FakeOpenAIReply.Stream(Finish("stop")));
        using var keyless = ClientFor(_server);
        using var keyed = ClientFor(_server, apiKey: "sk-test-123");

        await CollectAsync(keyless, Hello(), Ct);
        await CollectAsync(keyed, Hello(), Ct);

        Assert.Equal([null, "Bearer sk-test-123"], _server.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task An_endpoint_set_to_max_completion_tokens_sends_only_that()
    {
        _server.Enqueue(FakeOpenAIReply.Stream(Finish("stop")));
        using var client = new OpenAICompatibleModelClient(new OpenAIEndpointOptions
        {
            Name = "openai",
            BaseUrl = _server.BaseUrl.ToString(),
            MaxTokensParameter = OpenAIEndpointOptions.MaxCompletionTokens,
        });

        await CollectAsync(client, Hello(), Ct);

        var body = Assert.Single(_server.Requests).Body;
        Assert.Equal(256, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(body.TryGetProperty("max_tokens", out _));
    }

    /// <summary>The schema reaches the endpoint whole: definitions, references and nested schemas survive the mapping.</summary>
    [Fact]
    public async Task A_tool_schema_with_definitions_arrives_intact()
    {
        const string Schema = """
            {"type":"object","description":"Edit files.","$defs":{"edit":{"type":"object","properties":{"old":{"type":"string"},"new":{"type":"string"}}}},
             "properties":{"path":{"type":"string"},"edits":{"type":"array","items":{"$ref":"#/$defs/edit"}},"mode":{"enum":["a","b"]}},
             "required":["path","edits"],"additionalProperties":{"type":"string"}}
            """;
        _server.Enqueue(FakeOpenAIReply.Stream(Finish("stop")));
        using var client = ClientFor(_server);

        await CollectAsync(client, Hello() with { Tools = [new ModelTool("edit", "Edits.", Json(Schema))] }, Ct);

        var parameters = Assert.Single(_server.Requests).Body.GetProperty("tools")[0].GetProperty("function").GetProperty("parameters");
        Assert.Equal("Edit files.", parameters.GetProperty("description").GetString());
        Assert.Equal("string", parameters.GetProperty("$defs").GetProperty("edit").GetProperty("properties").GetProperty("old").GetProperty("type").GetString());
        Assert.Equal("#/$defs/edit", parameters.GetProperty("properties").GetProperty("edits").GetProperty("items").GetProperty("$ref").GetString());
        Assert.Equal(["a", "b"], parameters.GetProperty("properties").GetProperty("mode").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("string", parameters.GetProperty("additionalProperties").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_tool_schema_the_sdk_refuses_fails_the_request_permanently_without_sending_it()
    {
        using var client = ClientFor(_server);
        var request = Hello() with { Tools = [new ModelTool("t", "Odd.", Json("""{"type":["object","null"],"properties":{}}"""))] };

        var error = await Assert.ThrowsAsync<ModelException>(() => CollectAsync(client, request, Ct));

        Assert.False(error.Transient);
        Assert.Contains("could not be built", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task A_request_without_tools_sends_no_tools()
    {
        _server.Enqueue(FakeOpenAIReply.Stream(Finish("stop")));
        using var client = ClientFor(_server);

        await CollectAsync(client, Hello(), Ct);

        Assert.False(Assert.Single(_server.Requests).Body.TryGetProperty("tools", out _));
    }

    // Content is a string, or an array of parts of which the text ones are joined.
    private static string ContentText(JsonElement message)
    {
        var content = message.GetProperty("content");
        return content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Concat(content.EnumerateArray().Where(p => p.GetProperty("type").GetString() == "text").Select(p => p.GetProperty("text").GetString()));
    }
}
