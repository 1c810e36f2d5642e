using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Drover.Harness.Models.OpenAI;

/// <summary>Turns the provider-neutral <see cref="ModelRequest"/> into Microsoft.Extensions.AI messages and options for a chat-completions endpoint.</summary>
internal static class OpenAIRequestMapper
{
    public static List<ChatMessage> ToChatMessages(ModelRequest request)
    {
        List<ChatMessage> messages = [];
        if (!string.IsNullOrEmpty(request.System))
        {
            messages.Add(new ChatMessage(ChatRole.System, request.System));
        }

        foreach (var message in request.Messages)
        {
            if (message.Role == ModelRole.Assistant)
            {
                AddAssistantMessage(messages, message.Content);
            }
            else
            {
                AddUserMessages(messages, message.Content);
            }
        }

        return messages;
    }

    public static ChatOptions ToChatOptions(ModelRequest request, string maxTokensParameter)
    {
        var options = new ChatOptions
        {
            Tools = request.Tools.Count == 0
                ? null
                : [.. request.Tools.Select(tool => AIFunctionFactory.CreateDeclaration(tool.Name, tool.Description, tool.InputSchema))],
        };
        if (maxTokensParameter == OpenAIEndpointOptions.MaxCompletionTokens)
        {
            options.MaxOutputTokens = request.MaxTokens;
        }
        else
        {
            // The SDK writes only max_completion_tokens; its legacy max_tokens field is set by reading it from JSON.
            var raw = ModelReaderWriter.Read<ChatCompletionOptions>(BinaryData.FromString($$"""{"max_tokens":{{request.MaxTokens}}}"""));
            options.RawRepresentationFactory = _ => raw;
        }

        return options;
    }

    // Thinking blocks are dropped: their signatures are Anthropic's, and chat completions has no field to carry them.
    private static void AddAssistantMessage(List<ChatMessage> messages, IReadOnlyList<ModelContent> content)
    {
        List<AIContent> contents = [];
        foreach (var block in content)
        {
            switch (block)
            {
                case ModelText { Text.Length: > 0 } text:
                    contents.Add(new TextContent(text.Text));
                    break;
                case ModelToolUse toolUse:
                    contents.Add(new FunctionCallContent(toolUse.Id, toolUse.Name, ToArguments(toolUse.Input)));
                    break;
                case ModelMedia media:
                    contents.Add(new TextContent(OmittedAttachment(media.Block)));
                    break;
            }
        }

        if (contents.Count > 0)
        {
            messages.Add(new ChatMessage(ChatRole.Assistant, contents));
        }
    }

    // Chat completions wants tool results as "tool" messages straight after the assistant message that called the
    // tools, so they go first, and whatever else the user message held follows as a user message.
    private static void AddUserMessages(List<ChatMessage> messages, IReadOnlyList<ModelContent> content)
    {
        List<AIContent> results = [];
        List<AIContent> contents = [];
        foreach (var block in content)
        {
            switch (block)
            {
                case ModelToolResult result:
                    results.Add(new FunctionResultContent(result.ToolUseId, ToolResultText(result)));
                    break;
                case ModelText text:
                    contents.Add(new TextContent(text.Text));
                    break;
                case ModelMedia media:
                    contents.Add(ToMediaContent(media.Block));
                    break;
            }
        }

        if (results.Count > 0)
        {
            messages.Add(new ChatMessage(ChatRole.Tool, results));
        }

        if (contents.Count > 0)
        {
            messages.Add(new ChatMessage(ChatRole.User, contents));
        }
    }

    private static string ToolResultText(ModelToolResult result)
    {
        var text = new StringBuilder();
        foreach (var block in result.Content)
        {
            var part = block switch
            {
                ModelText t => t.Text,
                ModelMedia media => OmittedAttachment(media.Block),
                _ => null,
            };
            if (part is not null)
            {
                text.Append(text.Length > 0 ? "\n" : "").Append(part);
            }
        }

        return (result.IsError, text.Length) switch
        {
            (true, 0) => "Error: the tool failed without a message.",
            (true, _) => $"Error: {text}",
            (false, 0) => "(no output)",
            _ => text.ToString(),
        };
    }

    // {"type":"image","source":{"type":"base64","media_type":"image/png","data":"..."}} or {"source":{"type":"url","url":"..."}}
    private static AIContent ToMediaContent(JsonElement block)
    {
        if (block.ValueKind == JsonValueKind.Object
            && block.TryGetProperty("type", out var type) && type.ValueEquals("image")
            && block.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.Object
            && source.TryGetProperty("type", out var sourceType))
        {
            if (sourceType.ValueEquals("base64")
                && source.TryGetProperty("media_type", out var mediaType) && mediaType.GetString() is { Length: > 0 } media
                && source.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.String
                && data.TryGetBytesFromBase64(out var bytes))
            {
                return new DataContent(bytes, media);
            }

            if (sourceType.ValueEquals("url")
                && source.TryGetProperty("url", out var url) && Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri))
            {
                return new UriContent(uri, "image/*");
            }
        }

        return new TextContent(OmittedAttachment(block));
    }

    private static string OmittedAttachment(JsonElement block)
    {
        var type = block.ValueKind == JsonValueKind.Object && block.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()
            : "an";
        return $"[{type} attachment omitted: this model endpoint cannot receive it]";
    }

    private static Dictionary<string, object?> ToArguments(JsonElement input) => input.ValueKind switch
    {
        JsonValueKind.Object => input.EnumerateObject().ToDictionary(property => property.Name, property => (object?)property.Value.Clone()),
        JsonValueKind.Undefined => [],
        _ => new() { [OpenAICompatibleModelClient.RawArgumentsProperty] = input.GetRawText() },
    };
}
