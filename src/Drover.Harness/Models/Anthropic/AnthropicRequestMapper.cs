using System.Buffers;
using System.Text.Json;
using Anthropic.Models.Messages;

namespace Drover.Harness.Models.Anthropic;

/// <summary>
/// Turns a provider-neutral <see cref="ModelRequest"/> into the SDK's <see cref="MessageCreateParams"/>, placing
/// prompt-cache breakpoints: on the system prompt and the last tool when <see cref="ModelRequest.CacheSystemAndTools"/>,
/// and on the last cacheable block of each message with <see cref="ModelMessage.CacheBreakpoint"/>.
/// </summary>
internal static class AnthropicRequestMapper
{
    /// <summary>The API refuses a request with more blocks carrying <c>cache_control</c> than this.</summary>
    public const int MaxCacheBreakpoints = 4;

    private static readonly JsonElement s_objectType = JsonDocument.Parse("\"object\"").RootElement.Clone();

    public static MessageCreateParams Map(ModelRequest request, int defaultMaxTokens)
    {
        var system = string.IsNullOrWhiteSpace(request.System) ? null : request.System;
        var cacheSystem = request.CacheSystemAndTools && system is not null;
        var cacheTools = request.CacheSystemAndTools && request.Tools.Count > 0;
        var messageBreakpoints = MessageBreakpoints(request.Messages, MaxCacheBreakpoints - (cacheSystem ? 1 : 0) - (cacheTools ? 1 : 0));

        var parameters = new MessageCreateParams
        {
            Model = request.Model,
            MaxTokens = request.MaxTokens > 0 ? request.MaxTokens : defaultMaxTokens,
            Messages = [.. request.Messages.Select((m, i) => MapMessage(m, messageBreakpoints.Contains(i)))],
        };

        if (system is not null)
        {
            var block = new TextBlockParam { Text = system };
            block = cacheSystem ? block with { CacheControl = new CacheControlEphemeral() } : block;

            parameters = parameters with { System = new MessageCreateParamsSystem(new List<TextBlockParam> { block }) };
        }

        if (request.Tools.Count > 0)
        {
            parameters = parameters with { Tools = [.. request.Tools.Select((t, i) => MapTool(t, cacheTools && i == request.Tools.Count - 1))] };
        }

        if (request.ThinkingBudgetTokens is { } budget)
        {
            parameters = parameters with { Thinking = new ThinkingConfigEnabled(budget) };
        }

        return parameters;
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

    private static MessageParam MapMessage(ModelMessage message, bool breakpoint)
    {
        var cacheAt = breakpoint ? LastCacheableBlock(message.Content) : -1;
        var blocks = new List<ContentBlockParam>(message.Content.Count);
        for (var i = 0; i < message.Content.Count; i++)
        {
            if (!IsEmptyText(message.Content[i]))
            {
                blocks.Add(MapBlock(message.Content[i], cache: i == cacheAt));
            }
        }

        var content = new MessageContentParam(blocks);
        return message.Role == ModelRole.User ? new UserMessageParam(content) : new AssistantMessageParam(content);
    }

    private static ContentBlockParam MapBlock(ModelContent content, bool cache) => content switch
    {
        ModelText text => cache ? new TextBlockParam { Text = text.Text, CacheControl = new CacheControlEphemeral() } : new TextBlockParam { Text = text.Text },
        ModelMedia media => new ContentBlockParam(cache ? WithCacheControl(media.Block) : media.Block),
        ModelThinking thinking => new ThinkingBlockParam { Thinking = thinking.Thinking, Signature = thinking.Signature },
        ModelRedactedThinking redacted => new RedactedThinkingBlockParam(redacted.Data),
        ModelToolUse toolUse => MapToolUse(toolUse, cache),
        ModelToolResult result => MapToolResult(result, cache),
        _ => throw new ArgumentException($"Unknown content block {content.GetType().Name}.", nameof(content)),
    };

    private static ToolUseBlockParam MapToolUse(ModelToolUse toolUse, bool cache)
    {
        var block = new ToolUseBlockParam { ID = toolUse.Id, Name = toolUse.Name, Input = ToDictionary(toolUse.Input) };
        return cache ? block with { CacheControl = new CacheControlEphemeral() } : block;
    }

    private static ToolResultBlockParam MapToolResult(ModelToolResult result, bool cache)
    {
        var block = new ToolResultBlockParam(result.ToolUseId)
        {
            Content = new ToolResultBlockParamContent(result.Content.Where(c => !IsEmptyText(c)).Select(MapToolResultContent).ToList()),
        };
        block = result.IsError ? block with { IsError = true } : block;
        return cache ? block with { CacheControl = new CacheControlEphemeral() } : block;
    }

    private static Block MapToolResultContent(ModelContent content) => content switch
    {
        ModelText text => new TextBlockParam { Text = text.Text },
        ModelMedia media => new Block(media.Block),
        _ => throw new ArgumentException($"A tool result holds text and media blocks only, not {content.GetType().Name}.", nameof(content)),
    };

    private static ToolUnion MapTool(ModelTool tool, bool cache)
    {
        var schema = ToDictionary(tool.InputSchema);
        if (!schema.ContainsKey("type"))
        {
            schema["type"] = s_objectType;
        }

        var mapped = new Tool { Name = tool.Name, Description = tool.Description, InputSchema = InputSchema.FromRawUnchecked(schema) };
        return cache ? mapped with { CacheControl = new CacheControlEphemeral() } : mapped;
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

    private static Dictionary<string, JsonElement> ToDictionary(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
            ? element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())
            : [];

    private static JsonElement WithCacheControl(JsonElement block)
    {
        if (block.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("A media block must be a JSON object.", nameof(block));
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in block.EnumerateObject().Where(p => p.Name != "cache_control"))
            {
                property.WriteTo(writer);
            }

            writer.WriteStartObject("cache_control");
            writer.WriteString("type", "ephemeral");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
