using System.Text;
using System.Text.Json;
using Anthropic.Models.Messages;
using Drover.Events;

namespace Drover.Harness.Models.Anthropic;

/// <summary>
/// Turns the SDK's raw stream events into the port's items: deltas as they come, a <see cref="ModelBlockCompleted"/>
/// at each <c>content_block_stop</c> (tool input assembled from its <c>input_json_delta</c> chunks, thinking with its
/// signature), and the stop reason and usage for the final <see cref="ModelCompleted"/>.
/// </summary>
internal sealed class AnthropicStreamAssembler
{
    private readonly Dictionary<long, OpenBlock> _open = [];
    private ModelTokenUsage _usage = ModelTokenUsage.Zero;
    private string? _stopReason;
    private bool _stopped;

    /// <summary>Whether any event arrived (an error after this point happened mid-response).</summary>
    public bool Started { get; private set; }

    public IEnumerable<ModelStreamItem> Add(RawMessageStreamEvent streamEvent)
    {
        Started = true;
        if (streamEvent.TryPickStart(out var start))
        {
            var usage = start.Message.Usage;
            _usage = new ModelTokenUsage(usage.InputTokens, usage.OutputTokens, usage.CacheReadInputTokens ?? 0, usage.CacheCreationInputTokens ?? 0);
        }
        else if (streamEvent.TryPickContentBlockStart(out var blockStart))
        {
            _open[blockStart.Index] = OpenBlock.From(blockStart.ContentBlock);
        }
        else if (streamEvent.TryPickContentBlockDelta(out var blockDelta) && _open.TryGetValue(blockDelta.Index, out var open))
        {
            return Delta(open, (int)blockDelta.Index, blockDelta.Delta);
        }
        else if (streamEvent.TryPickContentBlockStop(out var blockStop) && _open.Remove(blockStop.Index, out var done))
        {
            return done.Complete() is { } block ? [new ModelBlockCompleted((int)blockStop.Index, block)] : [];
        }
        else if (streamEvent.TryPickDelta(out var messageDelta))
        {
            _stopReason = messageDelta.Delta.StopReason?.Raw() ?? _stopReason;
            // message_delta usage is cumulative; input and cache counts may be absent there and then stay as message_start said.
            var usage = messageDelta.Usage;
            _usage = new ModelTokenUsage(
                usage.InputTokens ?? _usage.InputTokens,
                usage.OutputTokens,
                usage.CacheReadInputTokens ?? _usage.CacheReadInputTokens,
                usage.CacheCreationInputTokens ?? _usage.CacheCreationInputTokens);
        }
        else if (streamEvent.TryPickStop(out _))
        {
            _stopped = true;
        }

        return [];
    }

    /// <summary>The final item; throws a transient <see cref="ModelException"/> when the stream ended before <c>message_stop</c>.</summary>
    public ModelCompleted Complete() =>
        _stopped
            ? new ModelCompleted(_stopReason ?? "end_turn", _usage)
            : throw new ModelException(SessionErrorTypes.ModelRequestFailed, "The Anthropic API stream ended before the response was complete.", transient: true);

    private static IEnumerable<ModelStreamItem> Delta(OpenBlock open, int index, RawContentBlockDelta delta)
    {
        if (delta.TryPickText(out var text))
        {
            open.Content.Append(text.Text);
            return [new ModelTextDelta(index, text.Text)];
        }

        if (delta.TryPickThinking(out var thinking))
        {
            open.Content.Append(thinking.Thinking);
            return [new ModelThinkingDelta(index, thinking.Thinking)];
        }

        if (delta.TryPickSignature(out var signature))
        {
            open.Signature += signature.Signature;
        }
        else if (delta.TryPickInputJson(out var inputJson))
        {
            open.Content.Append(inputJson.PartialJson);
        }

        return [];
    }

    /// <summary>A block between its start and stop events.</summary>
    private sealed class OpenBlock
    {
        public required string Type { get; init; }

        public StringBuilder Content { get; } = new();

        public string Signature { get; set; } = "";

        public string Id { get; init; } = "";

        public string Name { get; init; } = "";

        public string Data { get; init; } = "";

        public JsonElement? StartInput { get; init; }

        public static OpenBlock From(RawContentBlockStartEventContentBlock block)
        {
            if (block.TryPickText(out var text))
            {
                return new OpenBlock { Type = "text" }.Seed(text.Text);
            }

            if (block.TryPickThinking(out var thinking))
            {
                return new OpenBlock { Type = "thinking", Signature = thinking.Signature ?? "" }.Seed(thinking.Thinking);
            }

            if (block.TryPickRedactedThinking(out var redacted))
            {
                return new OpenBlock { Type = "redacted_thinking", Data = redacted.Data };
            }

            if (block.TryPickToolUse(out var toolUse))
            {
                return new OpenBlock { Type = "tool_use", Id = toolUse.ID, Name = toolUse.Name, StartInput = block.Json.TryGetProperty("input", out var input) ? input.Clone() : null };
            }

            // Server tools and other block kinds Drover does not use are read and dropped.
            return new OpenBlock { Type = block.Type.Raw() };
        }

        public ModelContent? Complete() => Type switch
        {
            "text" => new ModelText(Content.ToString()),
            "thinking" => new ModelThinking(Content.ToString(), Signature),
            "redacted_thinking" => new ModelRedactedThinking(Data),
            "tool_use" => new ModelToolUse(Id, Name, ParseInput()),
            _ => null,
        };

        private OpenBlock Seed(string? text)
        {
            Content.Append(text);
            return this;
        }

        private JsonElement ParseInput()
        {
            // Without deltas the whole input came with content_block_start.
            if (Content.Length == 0)
            {
                return StartInput is { ValueKind: JsonValueKind.Object } input ? input : EmptyObject();
            }

            try
            {
                using var document = JsonDocument.Parse(Content.ToString());
                return document.RootElement.Clone();
            }
            catch (JsonException ex)
            {
                throw new ModelException(SessionErrorTypes.ModelRequestFailed, $"The Anthropic API sent tool input for {Name} that is not valid JSON.", transient: true, ex);
            }
        }

        private static JsonElement EmptyObject()
        {
            using var document = JsonDocument.Parse("{}");
            return document.RootElement.Clone();
        }
    }
}
