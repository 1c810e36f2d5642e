using System.Text.Json.Nodes;

namespace Drover.Harness.Tests.Models.OpenAI;

/// <summary>Builds <c>chat.completion.chunk</c> objects as OpenAI streams them.</summary>
internal static class FakeOpenAIChunks
{
    public static JsonObject Text(string text) => Delta(new JsonObject { ["role"] = "assistant", ["content"] = text });

    /// <summary>A piece of a tool call: the first piece of a call carries its id and name, later ones only argument text.</summary>
    public static JsonObject ToolCall(int index, string? id, string? name, string arguments)
    {
        var function = new JsonObject { ["arguments"] = arguments };
        var call = new JsonObject { ["index"] = index };
        if (id is not null)
        {
            call["id"] = id;
            call["type"] = "function";
        }

        if (name is not null)
        {
            function["name"] = name;
        }

        call["function"] = function;
        return Delta(new JsonObject { ["tool_calls"] = new JsonArray(call) });
    }

    public static JsonObject Finish(string reason) => Chunk(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject(), ["finish_reason"] = reason });

    /// <summary>The final chunk of a stream with <c>stream_options.include_usage</c>: no choices, the usage.</summary>
    public static JsonObject Usage(int promptTokens, int completionTokens, int? cachedTokens = null)
    {
        var usage = new JsonObject
        {
            ["prompt_tokens"] = promptTokens,
            ["completion_tokens"] = completionTokens,
            ["total_tokens"] = promptTokens + completionTokens,
        };
        if (cachedTokens is { } cached)
        {
            usage["prompt_tokens_details"] = new JsonObject { ["cached_tokens"] = cached };
        }

        var chunk = Chunk(null);
        chunk["usage"] = usage;
        return chunk;
    }

    private static JsonObject Delta(JsonObject delta) => Chunk(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = null });

    private static JsonObject Chunk(JsonObject? choice) => new()
    {
        ["id"] = "chatcmpl-fake",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = "fake-model",
        ["choices"] = choice is null ? new JsonArray() : new JsonArray(choice),
    };
}
