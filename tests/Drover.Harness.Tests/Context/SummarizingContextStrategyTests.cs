using Drover.Events;
using Drover.FakeModel;
using Drover.Harness.Context;
using Drover.Harness.Tests.Models.Anthropic;
using Drover.Harness.Tests.Replay;
using static Drover.Harness.Tests.Replay.TestLog;

namespace Drover.Harness.Tests.Context;

/// <summary>Compaction through the real Claude client against the fake Messages API.</summary>
public sealed class SummarizingContextStrategyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_context_over_the_threshold_has_all_but_the_recent_turns_summarised()
    {
        await using var model = await FakeAnthropicServer.StartAsync(cancellationToken: Ct);
        model.Enqueue(FakeReply.Text("The user asked about turns 0 to 2."));
        using var client = AnthropicTestClient.For(model);
        var log = LongConversation(turns: 5, charsPerTurn: 2000);
        var options = new ContextOptions { ContextWindowTokens = 2000, CompactAtFraction = 0.5, KeepRecentTurns = 2 };
        var context = ContextBuilder.Build(log.Replay().Transcript, options);

        var request = new ContextCompactionRequest("claude-sonnet-4-5", null, context, client);
        Assert.True(new SummarizingContextStrategy(options).MayCompact(request));
        var compaction = await new SummarizingContextStrategy(options).CompactAsync(request, Ct);

        Assert.NotNull(compaction);
        Assert.Equal("The user asked about turns 0 to 2.", compaction.Summary);
        var sent = model.Requests.Single();
        Assert.Contains("turn 2 question", sent.Messages.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("turn 3 question", sent.Messages.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("compacted", sent.LastUserText, StringComparison.Ordinal);

        // Recorded, the summary replaces turns 0-2 and turns 3-4 stay verbatim; the log keeps everything.
        log.Add(Compaction.ToEvent("sevt_compaction", compaction.Summary, compaction.Through, DateTimeOffset.UnixEpoch));
        var after = ContextBuilder.Build(log.Replay().Transcript, options).Messages.ToList();
        var texts = after.SelectMany(m => m.Content).OfType<Drover.Harness.Models.ModelText>().Select(t => t.Text).ToList();
        Assert.StartsWith(Compaction.SummaryPreamble, texts[0], StringComparison.Ordinal);
        Assert.DoesNotContain(texts, t => t.StartsWith("turn 1 question", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("turn 3 question", StringComparison.Ordinal));
        Assert.Contains(log.Events, e => e.Json.Contains("turn 1 question", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_context_under_the_threshold_is_left_alone_without_a_model_call()
    {
        await using var model = await FakeAnthropicServer.StartAsync(cancellationToken: Ct);
        using var client = AnthropicTestClient.For(model);
        var options = new ContextOptions { ContextWindowTokens = 200_000 };
        var context = ContextBuilder.Build(LongConversation(turns: 5, charsPerTurn: 2000).Replay().Transcript, options);

        var request = new ContextCompactionRequest("claude-sonnet-4-5", null, context, client);
        Assert.False(new SummarizingContextStrategy(options).MayCompact(request));
        Assert.Null(await new SummarizingContextStrategy(options).CompactAsync(request, Ct));
        Assert.Equal(0, model.RequestCount);
    }

    private static TestLog LongConversation(int turns, int charsPerTurn)
    {
        var log = new TestLog();
        for (var i = 0; i < turns; i++)
        {
            log.Add(UserMessage($"turn {i} question " + new string('q', charsPerTurn / 2)));
            log.Add(new AgentMessageEvent { Content = [new TextBlock($"turn {i} answer " + new string('a', charsPerTurn / 2))] });
        }

        return log;
    }
}
