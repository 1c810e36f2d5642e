using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace Drover.Harness.Models.OpenAI;

/// <summary>
/// Collects one streamed chat completion: its text, its function calls (Microsoft.Extensions.AI assembles them at
/// the end of the stream), the finish reason and the usage, then turns them into the port's completed blocks.
/// </summary>
internal sealed class OpenAIStreamAccumulator
{
    // Microsoft.Extensions.AI's defaults write indented JSON; tool inputs are stored, so they are kept compact.
    private static readonly JsonSerializerOptions s_compact = new(AIJsonUtilities.DefaultOptions) { WriteIndented = false };

    private readonly StringBuilder _text = new();
    private readonly List<FunctionCallContent> _calls = [];
    private readonly Dictionary<int, RawToolCall> _rawCalls = [];
    private Microsoft.Extensions.AI.ChatFinishReason? _finishReason;
    private UsageDetails? _usage;

    /// <summary>Records one update and returns its text, empty when it carried none.</summary>
    public string Add(ChatResponseUpdate update)
    {
        _finishReason ??= update.FinishReason;
        foreach (var content in update.Contents)
        {
            switch (content)
            {
                case FunctionCallContent call:
                    _calls.Add(call);
                    break;
                case UsageContent usage:
                    _usage = usage.Details;
                    break;
            }
        }

        // The argument text as sent, kept for the calls whose arguments are not a JSON object.
        if (update.RawRepresentation is StreamingChatCompletionUpdate { ToolCallUpdates: { Count: > 0 } toolCalls })
        {
            foreach (var toolCall in toolCalls)
            {
                if (!_rawCalls.TryGetValue(toolCall.Index, out var raw))
                {
                    _rawCalls[toolCall.Index] = raw = new RawToolCall();
                }

                raw.Id ??= toolCall.ToolCallId;
                if (toolCall.FunctionArgumentsUpdate is { } arguments && !arguments.IsEmpty)
                {
                    raw.Arguments.Append(arguments.ToString());
                }
            }
        }

        var text = update.Text;
        _text.Append(text);
        return text;
    }

    /// <summary>The completed blocks, text first (index 0) and then one per function call, and the final <see cref="ModelCompleted"/>.</summary>
    public IEnumerable<ModelStreamItem> Complete()
    {
        var index = 0;
        if (_text.Length > 0)
        {
            yield return new ModelBlockCompleted(index++, new ModelText(_text.ToString()));
        }

        foreach (var call in _calls)
        {
            var id = string.IsNullOrEmpty(call.CallId) ? $"call_{Guid.NewGuid():N}" : call.CallId;
            yield return new ModelBlockCompleted(index++, new ModelToolUse(id, call.Name, ToInput(call)));
        }

        yield return new ModelCompleted(StopReason(), Usage());
    }

    // Arguments that are not a JSON object go to the loop as {"_raw": "<text>"}, so it can answer the call with an
    // error the model can correct, instead of the whole response failing.
    // No arguments at all ("" or null) is an empty object: that is how models call tools without parameters.
    private JsonElement ToInput(FunctionCallContent call)
    {
        var raw = _rawCalls.Values.FirstOrDefault(r => r.Id == call.CallId)?.Arguments.ToString() ?? "";
        if (call.Exception is null || string.IsNullOrWhiteSpace(raw))
        {
            return JsonSerializer.SerializeToElement(call.Arguments ?? new Dictionary<string, object?>(), s_compact.GetTypeInfo(typeof(IDictionary<string, object?>)));
        }

        return JsonSerializer.SerializeToElement(
            new Dictionary<string, string> { [OpenAICompatibleModelClient.RawArgumentsProperty] = raw },
            s_compact.GetTypeInfo(typeof(Dictionary<string, string>)));
    }

    // Some servers (older Ollama) finish a tool-calling response with "stop"; the calls decide.
    private string StopReason() => _finishReason?.Value switch
    {
        "length" => "max_tokens",
        "content_filter" => "refusal",
        null or "stop" or "tool_calls" => _calls.Count > 0 ? "tool_use" : "end_turn",
        var other => other,
    };

    // Chat completions counts cached tokens inside prompt_tokens; the port counts them apart (as Anthropic does).
    private ModelTokenUsage Usage()
    {
        if (_usage is null)
        {
            return ModelTokenUsage.Zero;
        }

        var cached = _usage.CachedInputTokenCount ?? 0;
        return new ModelTokenUsage(Math.Max(0, (_usage.InputTokenCount ?? 0) - cached), _usage.OutputTokenCount ?? 0, cached, 0);
    }

    private sealed class RawToolCall
    {
        public string? Id { get; set; }

        public StringBuilder Arguments { get; } = new();
    }
}
