using System.Text.Json;
using Drover.Events;
using Drover.Harness.Loop;
using Drover.Harness.Models;

namespace Drover.Harness.Context;

/// <summary>
/// Turns the log's transcript into model messages: user inputs and tool results become user messages, the agent's
/// events become assistant messages, every tool call gets its result right after it (an unanswered one gets a note
/// saying why), long tool results are shortened, and an earlier compaction's summary stands in for what it covered.
/// The log is only read: the context is a view of it.
/// </summary>
internal sealed class ContextBuilder(ContextOptions options)
{
    private readonly List<ModelMessage> _messages = [];
    private List<ModelContent>? _assistant;
    private readonly List<string> _unanswered = [];
    private readonly List<ModelContent> _results = [];
    private readonly List<ModelContent> _userContent = [];
    private readonly List<TurnStart> _turns = [];

    /// <summary>Builds the messages from <paramref name="transcript"/>, skipping what the latest compaction summarised.</summary>
    public static ModelContext Build(IReadOnlyList<LoggedEvent> transcript, ContextOptions options)
    {
        var builder = new ContextBuilder(options);
        var start = 0;
        for (var i = transcript.Count - 1; i >= 0; i--)
        {
            if (transcript[i].Event is AgentThreadContextCompactedEvent compacted && Compaction.Read(compacted) is { } summary)
            {
                builder._userContent.Add(new ModelText(Compaction.SummaryPreamble + summary.Summary));
                start = transcript.TakeWhile(e => e.Sequence <= summary.Through).Count();
                break;
            }
        }

        for (var i = start; i < transcript.Count; i++)
        {
            builder.Add(transcript[i]);
        }

        builder.FlushUser();
        MarkCacheBreakpoints(builder._messages);
        return new ModelContext(builder._messages, builder._turns);
    }

    private void Add(LoggedEvent logged)
    {
        switch (logged.Event)
        {
            case UserMessageEvent message:
                CloseAssistant();
                if (_unanswered.Count + _results.Count + _userContent.Count == 0)
                {
                    // A clean boundary: everything before it is answered, so a compaction may cut here.
                    _turns.Add(new TurnStart(_messages.Count, logged.Sequence));
                }

                _userContent.AddRange(message.Content.Select(ToModel).OfType<ModelContent>());
                break;
            case UserInterruptEvent:
                CloseAssistant();
                _userContent.Add(new ModelText("(The user interrupted the agent here.)"));
                break;
            case AgentToolResultEvent result:
                AddResult(result.ToolUseId, result.Content, result.IsError == true);
                break;
            case UserCustomToolResultEvent result:
                AddResult(result.CustomToolUseId, result.Content, result.IsError == true);
                break;
            case UserToolResultEvent result:
                AddResult(result.ToolUseId, result.Content, result.IsError == true);
                break;
            case AgentMcpToolResultEvent result:
                AddResult(result.McpToolUseId, result.Content, result.IsError == true);
                break;
            case AgentMessageEvent message:
                Assistant().AddRange(message.Content.Select(ToModel).OfType<ModelContent>());
                break;
            case AgentThinkingEvent thinking when ThinkingBlocks.Read(thinking) is { } block:
                Assistant().Add(block);
                break;
            case AgentToolUseEvent toolUse:
                Assistant().Add(new ModelToolUse(toolUse.Id, toolUse.Name, toolUse.Input));
                _unanswered.Add(toolUse.Id);
                break;
            case AgentCustomToolUseEvent toolUse:
                Assistant().Add(new ModelToolUse(toolUse.Id, toolUse.Name, toolUse.Input));
                _unanswered.Add(toolUse.Id);
                break;
            case AgentMcpToolUseEvent toolUse:
                Assistant().Add(new ModelToolUse(toolUse.Id, Mcp.McpToolNames.ModelName(toolUse.McpServerName, toolUse.Name), toolUse.Input));
                _unanswered.Add(toolUse.Id);
                break;
        }
    }

    private List<ModelContent> Assistant()
    {
        if (_assistant is null)
        {
            FlushUser();
            _assistant = [];
        }

        return _assistant;
    }

    private void CloseAssistant()
    {
        if (_assistant is { Count: > 0 })
        {
            _messages.Add(new ModelMessage(ModelRole.Assistant, _assistant));
        }

        _assistant = null;
    }

    private void AddResult(string toolUseId, IReadOnlyList<ContentBlock>? content, bool isError)
    {
        CloseAssistant();
        if (_unanswered.Remove(toolUseId))
        {
            var blocks = (content ?? []).Select(ToModel).OfType<ModelContent>().ToList();
            _results.Add(new ModelToolResult(toolUseId, Shorten(blocks, toolUseId), isError));
        }
    }

    private void FlushUser()
    {
        CloseAssistant();
        foreach (var id in _unanswered)
        {
            _results.Add(new ModelToolResult(id, [new ModelText("No result: the call was interrupted, or the turn ended, before it was answered. Check its effects before repeating it.")], IsError: true));
        }

        _unanswered.Clear();
        if (_results.Count + _userContent.Count > 0)
        {
            _messages.Add(new ModelMessage(ModelRole.User, [.. _results, .. _userContent]));
        }

        _results.Clear();
        _userContent.Clear();
    }

    private List<ModelContent> Shorten(List<ModelContent> blocks, string toolUseId)
    {
        var total = blocks.OfType<ModelText>().Sum(t => t.Text.Length);
        if (total <= options.MaxToolResultChars)
        {
            return blocks;
        }

        var text = string.Concat(blocks.OfType<ModelText>().Select(t => t.Text));
        var half = options.MaxToolResultChars / 2;
        var note = $"\n\n[... {total - (2 * half):N0} characters cut here for the context window; the full result of {total:N0} characters is in event {toolUseId}'s result in the session log ...]\n\n";
        return [.. blocks.Where(b => b is not ModelText), new ModelText(string.Concat(text.AsSpan(0, half), note, text.AsSpan(text.Length - half)))];
    }

    private static ModelContent? ToModel(ContentBlock block) => block switch
    {
        TextBlock text => new ModelText(text.Text),
        ImageBlock or DocumentBlock or SearchResultBlock => new ModelMedia(JsonSerializer.SerializeToElement(block, DroverJsonContext.Default.ContentBlock)),
        _ => null,
    };

    // The last two user messages: the newer one writes this request's prefix to the cache, the older one reads
    // what the previous request wrote, so a long session pays for each turn's new tokens once.
    private static void MarkCacheBreakpoints(List<ModelMessage> messages)
    {
        var marked = 0;
        for (var i = messages.Count - 1; i >= 0 && marked < 2; i--)
        {
            if (messages[i].Role == ModelRole.User)
            {
                messages[i] = messages[i] with { CacheBreakpoint = true };
                marked++;
            }
        }
    }
}
