using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Anthropic.Models.Messages;

namespace Drover.Harness.Models.Anthropic;

/// <summary>
/// Turns a provider-neutral <see cref="ModelRequest"/> into the SDK's <see cref="MessageCreateParams"/>, placing
/// prompt-cache breakpoints: on the system prompt and the last tool when <see cref="ModelRequest.CacheSystemAndTools"/>,
/// and on the last cacheable block of each message with <see cref="ModelMessage.CacheBreakpoint"/>.
/// </summary>
/// <remarks>
/// The body is written as Messages API JSON and handed to the SDK raw: building the SDK's typed block objects costs
/// about 60 µs per block (2.4 ms for a 40-message conversation, measured), which made the client the bottleneck of a
/// busy server, while writing the JSON takes a few microseconds. It also passes media blocks through verbatim.
/// </remarks>
internal static class AnthropicRequestMapper
{
    /// <summary>The API refuses a request with more blocks carrying <c>cache_control</c> than this.</summary>
    public const int MaxCacheBreakpoints = 4;

    // Prompts are not embedded in HTML; escaping only what JSON requires keeps non-English text compact.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static MessageCreateParams Map(ModelRequest request, int defaultMaxTokens)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            WriteBody(writer, request, defaultMaxTokens);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        var root = document.RootElement.Clone();
        var body = new Dictionary<string, JsonElement>();
        foreach (var property in root.EnumerateObject())
        {
            body[property.Name] = property.Value;
        }

        return MessageCreateParams.FromRawUnchecked(new Dictionary<string, JsonElement>(), new Dictionary<string, JsonElement>(), body);
    }

    private static void WriteBody(Utf8JsonWriter w, ModelRequest request, int defaultMaxTokens)
    {
        var system = string.IsNullOrWhiteSpace(request.System) ? null : request.System;
        var cacheSystem = request.CacheSystemAndTools && system is not null;
        var cacheTools = request.CacheSystemAndTools && request.Tools.Count > 0;
        var breakpoints = MessageBreakpoints(request.Messages, MaxCacheBreakpoints - (cacheSystem ? 1 : 0) - (cacheTools ? 1 : 0));

        w.WriteStartObject();
        w.WriteString("model", request.Model);
        w.WriteNumber("max_tokens", request.MaxTokens > 0 ? request.MaxTokens : defaultMaxTokens);
        if (system is not null)
        {
            w.WriteStartArray("system");
            WriteText(w, system, cacheSystem);
            w.WriteEndArray();
        }

        if (request.Tools.Count > 0)
        {
            w.WriteStartArray("tools");
            for (var i = 0; i < request.Tools.Count; i++)
            {
                WriteTool(w, request.Tools[i], cacheTools && i == request.Tools.Count - 1);
            }

            w.WriteEndArray();
        }

        if (request.ThinkingBudgetTokens is { } budget)
        {
            w.WriteStartObject("thinking");
            w.WriteString("type", "enabled");
            w.WriteNumber("budget_tokens", budget);
            w.WriteEndObject();
        }

        w.WriteStartArray("messages");
        for (var i = 0; i < request.Messages.Count; i++)
        {
            WriteMessage(w, request.Messages[i], breakpoints.Contains(i));
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>
    /// The indexes of the messages that get a breakpoint: the latest flagged ones that have a block able to carry it,
    /// at most <paramref name="budget"/> (the earliest are dropped, since the latest prefix is the one reused next).
    /// </summary>
    private static HashSet<int> MessageBreakpoints(IReadOnlyList<ModelMessage> messages, int budget)
    {
        var chosen = new HashSet<int>();
        for (var i = messages.Count - 1; i >= 0 && chosen.Count < budget; i--)
        {
            if (messages[i].CacheBreakpoint && LastCacheableBlock(messages[i].Content) >= 0)
            {
                chosen.Add(i);
            }
        }

        return chosen;
    }

    private static void WriteMessage(Utf8JsonWriter w, ModelMessage message, bool breakpoint)
    {
        var cacheAt = breakpoint ? LastCacheableBlock(message.Content) : -1;
        w.WriteStartObject();
        w.WriteString("role", message.Role == ModelRole.User ? "user" : "assistant");
        w.WriteStartArray("content");
        for (var i = 0; i < message.Content.Count; i++)
        {
            if (!IsEmptyText(message.Content[i]))
            {
                WriteBlock(w, message.Content[i], cache: i == cacheAt);
            }
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteBlock(Utf8JsonWriter w, ModelContent content, bool cache)
    {
        switch (content)
        {
            case ModelText text:
                WriteText(w, text.Text, cache);
                return;
            case ModelMedia media:
                WriteMedia(w, media.Block, cache);
                return;
            case ModelThinking thinking:
                w.WriteStartObject();
                w.WriteString("type", "thinking");
                w.WriteString("thinking", thinking.Thinking);
                w.WriteString("signature", thinking.Signature);
                w.WriteEndObject();
                return;
            case ModelRedactedThinking redacted:
                w.WriteStartObject();
                w.WriteString("type", "redacted_thinking");
                w.WriteString("data", redacted.Data);
                w.WriteEndObject();
                return;
            case ModelToolUse toolUse:
                w.WriteStartObject();
                w.WriteString("type", "tool_use");
                w.WriteString("id", toolUse.Id);
                w.WriteString("name", toolUse.Name);
                w.WritePropertyName("input");
                WriteObjectOrEmpty(w, toolUse.Input);
                WriteCacheControl(w, cache);
                w.WriteEndObject();
                return;
            case ModelToolResult result:
                WriteToolResult(w, result, cache);
                return;
            default:
                throw new ArgumentException($"Unknown content block {content.GetType().Name}.", nameof(content));
        }
    }

    private static void WriteToolResult(Utf8JsonWriter w, ModelToolResult result, bool cache)
    {
        w.WriteStartObject();
        w.WriteString("type", "tool_result");
        w.WriteString("tool_use_id", result.ToolUseId);
        w.WriteStartArray("content");
        foreach (var content in result.Content)
        {
            switch (content)
            {
                case ModelText text when !IsEmptyText(text):
                    WriteText(w, text.Text, cache: false);
                    break;
                case ModelText:
                    break;
                case ModelMedia media:
                    WriteMedia(w, media.Block, cache: false);
                    break;
                default:
                    throw new ArgumentException($"A tool result holds text and media blocks only, not {content.GetType().Name}.", nameof(result));
            }
        }

        w.WriteEndArray();
        if (result.IsError)
        {
            w.WriteBoolean("is_error", true);
        }

        WriteCacheControl(w, cache);
        w.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter w, ModelTool tool, bool cache)
    {
        w.WriteStartObject();
        w.WriteString("name", tool.Name);
        if (!string.IsNullOrEmpty(tool.Description))
        {
            w.WriteString("description", tool.Description);
        }

        // The API requires an object schema with "type": "object"; a schema that leaves it out means exactly that.
        w.WriteStartObject("input_schema");
        var hasType = false;
        if (tool.InputSchema.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in tool.InputSchema.EnumerateObject())
            {
                property.WriteTo(w);
                hasType |= property.NameEquals("type");
            }
        }

        if (!hasType)
        {
            w.WriteString("type", "object");
        }

        w.WriteEndObject();
        WriteCacheControl(w, cache);
        w.WriteEndObject();
    }

    private static void WriteText(Utf8JsonWriter w, string text, bool cache)
    {
        w.WriteStartObject();
        w.WriteString("type", "text");
        w.WriteString("text", text);
        WriteCacheControl(w, cache);
        w.WriteEndObject();
    }

    private static void WriteMedia(Utf8JsonWriter w, JsonElement block, bool cache)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("A media block must be a JSON object.", nameof(block));
        }

        w.WriteStartObject();
        foreach (var property in block.EnumerateObject())
        {
            if (!property.NameEquals("cache_control"))
            {
                property.WriteTo(w);
            }
        }

        WriteCacheControl(w, cache);
        w.WriteEndObject();
    }

    private static void WriteObjectOrEmpty(Utf8JsonWriter w, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            value.WriteTo(w);
        }
        else
        {
            w.WriteStartObject();
            w.WriteEndObject();
        }
    }

    private static void WriteCacheControl(Utf8JsonWriter w, bool cache)
    {
        if (cache)
        {
            w.WriteStartObject("cache_control");
            w.WriteString("type", "ephemeral");
            w.WriteEndObject();
        }
    }

    // Thinking blocks cannot carry cache_control, and empty text blocks are not sent at all (the API refuses them).
    private static int LastCacheableBlock(IReadOnlyList<ModelContent> content)
    {
        for (var i = content.Count - 1; i >= 0; i--)
        {
            if (content[i] is not (ModelThinking or ModelRedactedThinking) && !IsEmptyText(content[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsEmptyText(ModelContent content) => content is ModelText { Text: var text } && string.IsNullOrWhiteSpace(text);
}
