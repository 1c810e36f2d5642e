using Drover.Events;
using Drover.Harness.Context;
using Drover.Harness.Models;
using Drover.Harness.Tests.Replay;
using static Drover.Harness.Tests.Replay.TestLog;

namespace Drover.Harness.Tests.Context;

/// <summary>The model's context as a view of the log.</summary>
public sealed class ContextBuilderTests
{
    private static readonly ContextOptions Options = new() { MaxToolResultChars = 1000 };

    [Fact]
    public void Tool_results_come_first_in_the_next_user_message_even_when_a_message_was_queued_before_them()
    {
        var log = new TestLog();
        log.Add(UserMessage("list files"));
        var start = log.Add(new SpanModelRequestStartEvent());
        log.Add(new AgentMessageEvent { Content = [new TextBlock("Listing.")] });
        var toolUse = log.Add(ToolUse("bash", "allow"));
        log.Add(End(start));
        log.Add(UserMessage("also count them"));
        log.Add(new AgentToolResultEvent { ToolUseId = toolUse, Content = [new TextBlock("a\nb")] });

        var messages = ContextBuilder.Build(log.Replay().Transcript, Options).Messages;

        Assert.Equal([ModelRole.User, ModelRole.Assistant, ModelRole.User], messages.Select(m => m.Role));
        Assert.Equal(toolUse, Assert.IsType<ModelToolUse>(messages[1].Content[1]).Id);
        var result = Assert.IsType<ModelToolResult>(messages[2].Content[0]);
        Assert.Equal(toolUse, result.ToolUseId);
        Assert.Equal("also count them", Assert.IsType<ModelText>(messages[2].Content[1]).Text);
    }

    [Fact]
    public void A_call_closed_by_an_interrupt_gets_a_result_saying_so()
    {
        var log = new TestLog();
        log.Add(UserMessage("run it"));
        var toolUse = log.Add(ToolUse("bash", "allow"));
        log.Add(new UserInterruptEvent());
        log.Add(UserMessage("stop, do this instead"));

        var messages = ContextBuilder.Build(log.Replay().Transcript, Options).Messages;

        var last = messages[^1];
        var result = Assert.IsType<ModelToolResult>(last.Content[0]);
        Assert.Equal(toolUse, result.ToolUseId);
        Assert.True(result.IsError);
        Assert.Contains(last.Content.OfType<ModelText>(), t => t.Text == "stop, do this instead");
    }

    [Fact]
    public void A_long_tool_result_is_shortened_with_a_note_and_the_log_keeps_it_whole()
    {
        var log = new TestLog();
        log.Add(UserMessage("cat big"));
        var toolUse = log.Add(ToolUse("bash", "allow"));
        var big = new string('x', 5000) + "TAIL";
        log.Add(new AgentToolResultEvent { ToolUseId = toolUse, Content = [new TextBlock(big)] });

        var messages = ContextBuilder.Build(log.Replay().Transcript, Options).Messages;

        var text = Assert.IsType<ModelText>(Assert.IsType<ModelToolResult>(messages[^1].Content[0]).Content.Single()).Text;
        Assert.True(text.Length < 1300, $"shortened to {text.Length}");
        Assert.EndsWith("TAIL", text, StringComparison.Ordinal);
        Assert.Contains("characters cut here", text, StringComparison.Ordinal);
        Assert.Contains(big, log.Events[^1].Json, StringComparison.Ordinal);
    }

    [Fact]
    public void Thinking_blocks_go_back_with_their_signatures()
    {
        var log = new TestLog();
        log.Add(UserMessage("think"));
        log.Add(ThinkingBlocks.ToEvent("sevt_think1", new ModelThinking("let me see", "sig-123"), DateTimeOffset.UnixEpoch));
        log.Add(ToolUse("read", "allow"));

        var messages = ContextBuilder.Build(log.Replay().Transcript, Options).Messages;

        var thinking = Assert.IsType<ModelThinking>(messages[1].Content[0]);
        Assert.Equal(("let me see", "sig-123"), (thinking.Thinking, thinking.Signature));
    }

    [Fact]
    public void The_last_two_user_messages_carry_cache_breakpoints()
    {
        var log = new TestLog();
        for (var i = 0; i < 3; i++)
        {
            log.Add(UserMessage($"turn {i}"));
            log.Add(new AgentMessageEvent { Content = [new TextBlock($"answer {i}")] });
        }

        log.Add(UserMessage("turn 3"));
        var messages = ContextBuilder.Build(log.Replay().Transcript, Options).Messages;

        Assert.Equal([false, false, false, false, true, false, true], messages.Select(m => m.CacheBreakpoint));
    }

    [Fact]
    public void A_compaction_summary_replaces_the_turns_it_covers()
    {
        var log = new TestLog();
        log.Add(UserMessage("old question"));
        log.Add(new AgentMessageEvent { Content = [new TextBlock("old answer")] });
        var through = log.Last;
        log.Add(UserMessage("new question"));
        log.Add(Compaction.ToEvent("sevt_compact1", "They asked an old question.", through, DateTimeOffset.UnixEpoch));

        var messages = ContextBuilder.Build(log.Replay().Transcript, Options).Messages;

        var texts = messages.SelectMany(m => m.Content).OfType<ModelText>().Select(t => t.Text).ToList();
        Assert.DoesNotContain("old question", texts);
        Assert.Contains(texts, t => t.Contains("They asked an old question.", StringComparison.Ordinal));
        Assert.Contains("new question", texts);
    }
}
