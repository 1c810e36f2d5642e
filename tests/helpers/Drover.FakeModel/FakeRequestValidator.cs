using System.Text.Json;
using System.Text.Json.Nodes;

namespace Drover.FakeModel;

/// <summary>
/// Refuses what the real Messages API refuses and a client bug could send: a missing or wrong key, a missing version
/// header, missing fields, more than four cache breakpoints, a bad thinking budget, unsigned thinking blocks, and tool
/// results that do not answer the tool calls right before them. Messages follow the API's wording.
/// </summary>
internal static class FakeRequestValidator
{
    private const int MaxCacheBreakpoints = 4;

    public static FakeReply? CheckAuth(RecordedRequest request, string? requiredKey)
    {
        var key = request.ApiKey;
        if (string.IsNullOrEmpty(key) || (requiredKey is not null && key != requiredKey))
        {
            return FakeReply.Error(401, "authentication_error", "invalid x-api-key");
        }

        return request.Header("anthropic-version") is null
            ? FakeReply.Error(400, "invalid_request_error", "anthropic-version: header is required")
            : null;
    }

    public static FakeReply? CheckBody(JsonObject body)
    {
        if (body["model"] is not JsonValue model || model.GetValueKind() != JsonValueKind.String)
        {
            return Invalid("model: Field required");
        }

        if (body["max_tokens"] is not JsonValue maxTokensValue || !maxTokensValue.TryGetValue<long>(out var maxTokens) || maxTokens < 1)
        {
            return Invalid("max_tokens: Field required");
        }

        if (body["messages"] is not JsonArray { Count: > 0 } messages)
        {
            return Invalid("messages: at least one message is required");
        }

        var breakpoints = CountCacheControl(body["system"] as JsonArray) + CountCacheControl(body["tools"] as JsonArray)
            + messages.Sum(m => CountCacheControl(m?["content"] as JsonArray));
        if (breakpoints > MaxCacheBreakpoints)
        {
            return Invalid($"A maximum of {MaxCacheBreakpoints} blocks with cache_control may be provided. Found {breakpoints}.");
        }

        return CheckThinking(body, maxTokens) ?? CheckMessages(messages);
    }

    private static FakeReply? CheckThinking(JsonObject body, long maxTokens)
    {
        if (body["thinking"] is not JsonObject thinking || thinking["type"]?.GetValue<string>() != "enabled")
        {
            return null;
        }

        var budget = thinking["budget_tokens"]?.GetValue<long>() ?? 0;
        if (budget < 1024)
        {
            return Invalid("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
        }

        return budget >= maxTokens ? Invalid("`max_tokens` must be greater than `thinking.budget_tokens`.") : null;
    }

    private static FakeReply? CheckMessages(JsonArray messages)
    {
        for (var i = 0; i < messages.Count; i++)
        {
            var role = messages[i]?["role"]?.GetValue<string>();
            if (role is not ("user" or "assistant"))
            {
                return Invalid($"messages.{i}.role: Input should be 'user' or 'assistant'");
            }

            var blocks = messages[i]?["content"] as JsonArray ?? [];
            for (var j = 0; j < blocks.Count; j++)
            {
                var type = blocks[j]?["type"]?.GetValue<string>();
                if (type == "thinking" && string.IsNullOrEmpty(blocks[j]?["signature"]?.GetValue<string>()))
                {
                    return Invalid($"messages.{i}.content.{j}.thinking.signature: Field required");
                }

                if (type == "text" && string.IsNullOrWhiteSpace(blocks[j]?["text"]?.GetValue<string>()))
                {
                    return Invalid($"messages.{i}.content.{j}.text: text content blocks must contain non-whitespace text");
                }
            }

            var toolUses = Ids(blocks, "tool_use", "id");
            var next = i + 1 < messages.Count ? messages[i + 1]?["content"] as JsonArray ?? [] : null;
            if (toolUses.Count > 0 && next is not null)
            {
                var missing = toolUses.Except(Ids(next, "tool_result", "tool_use_id")).ToList();
                if (missing.Count > 0)
                {
                    return Invalid($"messages.{i + 1}: `tool_use` ids were found without `tool_result` blocks immediately after: {string.Join(", ", missing)}. Each `tool_use` block must have a corresponding `tool_result` block in the next message.");
                }
            }

            var previous = i > 0 ? messages[i - 1]?["content"] as JsonArray ?? [] : [];
            var unexpected = Ids(blocks, "tool_result", "tool_use_id").Except(Ids(previous, "tool_use", "id")).ToList();
            if (unexpected.Count > 0)
            {
                return Invalid($"messages.{i}.content: unexpected `tool_use_id` found in `tool_result` blocks: {string.Join(", ", unexpected)}. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.");
            }
        }

        return null;
    }

    private static HashSet<string> Ids(JsonArray blocks, string type, string idProperty) =>
        [.. blocks.Where(b => b?["type"]?.GetValue<string>() == type).Select(b => b?[idProperty]?.GetValue<string>() ?? "")];

    // Counts breakpoints on the items of system, tools or a message's content, and inside tool_result content;
    // tool inputs and schemas are data, not blocks, and are not searched.
    private static int CountCacheControl(JsonArray? items) =>
        items?.Sum(item => (item?["cache_control"] is JsonObject ? 1 : 0) + CountCacheControl(item?["content"] as JsonArray)) ?? 0;

    private static FakeReply Invalid(string message) => FakeReply.Error(400, "invalid_request_error", message);
}
