using Drover.Events;
using Drover.Harness.Loop;
using static Drover.Harness.Tests.Replay.TestLog;

namespace Drover.Harness.Tests.Replay;

/// <summary>The loop's decisions, replayed from logs: what a run does next, including after another run died.</summary>
public sealed class SessionStateTests
{
    private const int Limit = 100;

    [Fact]
    public void A_user_message_starts_a_run_then_calls_the_model_then_ends_the_turn()
    {
        var log = new TestLog();
        log.Add(UserMessage("hi"));
        Assert.Equal(Step.StartRun, log.Replay().Decide(currentRun: null, false, Limit));

        log.Add(new SessionStatusRunningEvent());
        var run = log.Last;
        Assert.Equal(Step.CallModel, log.Replay().Decide(run, false, Limit));

        var start = log.Add(new SpanModelRequestStartEvent());
        log.Add(new AgentMessageEvent { Content = [new TextBlock("hello")] });
        log.Add(End(start));
        var idle = Assert.IsType<GoIdle>(log.Replay().Decide(run, false, Limit));
        Assert.Equal(StopReasonTypes.EndTurn, idle.StopReason);

        log.Add(Idle(StopReasonTypes.EndTurn));
        Assert.Equal(Step.Wait, log.Replay().Decide(null, false, Limit));
    }

    [Fact]
    public void An_allowed_tool_runs_in_the_run_that_received_it_but_its_outcome_is_unknown_to_a_later_run()
    {
        var log = ModelCalledTool("allow", out var run, out var toolUseId);
        var step = Assert.IsType<RunTool>(log.Replay().Decide(run, false, Limit));
        Assert.Equal(toolUseId, step.ToolUse.EventId);
        Assert.False(step.OutcomeUnknown);

        // The run died before the result: the next one opens its own run, then finds the call possibly started.
        Assert.Equal(Step.StartRun, log.Replay().Decide(null, false, Limit));
        log.Add(new SessionStatusRunningEvent());
        var resumed = Assert.IsType<RunTool>(log.Replay().Decide(log.Last, false, Limit));
        Assert.True(resumed.OutcomeUnknown);
    }

    [Fact]
    public void An_ask_tool_idles_with_requires_action_and_an_allow_runs_it_as_never_started()
    {
        var log = ModelCalledTool("ask", out var run, out var toolUseId);
        var idle = Assert.IsType<GoIdle>(log.Replay().Decide(run, false, Limit));
        Assert.Equal(StopReasonTypes.RequiresAction, idle.StopReason);
        Assert.Equal([toolUseId], idle.EventIds);

        log.Add(new SessionUsageEvent { Usage = new SessionUsage() });
        log.Add(Idle(StopReasonTypes.RequiresAction, toolUseId));
        Assert.Equal(Step.Wait, log.Replay().Decide(null, false, Limit));

        log.Add(new UserToolConfirmationEvent { ToolUseId = toolUseId, Result = "allow" });
        Assert.Equal(Step.StartRun, log.Replay().Decide(null, false, Limit));
        log.Add(new SessionStatusRunningEvent());
        var runTool = Assert.IsType<RunTool>(log.Replay().Decide(log.Last, false, Limit));
        Assert.False(runTool.OutcomeUnknown);
    }

    [Fact]
    public void A_denied_confirmation_answers_the_call_with_the_deny_message()
    {
        var log = ModelCalledTool("ask", out _, out var toolUseId);
        log.Add(Idle(StopReasonTypes.RequiresAction, toolUseId));
        log.Add(new UserToolConfirmationEvent { ToolUseId = toolUseId, Result = "deny", DenyMessage = "not on prod" });
        log.Add(new SessionStatusRunningEvent());
        var refuse = Assert.IsType<RefuseTool>(log.Replay().Decide(log.Last, false, Limit));
        Assert.Contains("not on prod", refuse.Message, StringComparison.Ordinal);

        log.Add(new AgentToolResultEvent { ToolUseId = toolUseId, Content = [new TextBlock(refuse.Message)], IsError = true });
        Assert.Equal(Step.CallModel, log.Replay().Decide(log.Last - 1, false, Limit));
    }

    [Fact]
    public void A_custom_tool_waits_for_the_client_and_its_result_wakes_the_model()
    {
        var log = new TestLog();
        log.Add(UserMessage("weather?"));
        log.Add(new SessionStatusRunningEvent());
        var start = log.Add(new SpanModelRequestStartEvent());
        var toolUseId = log.Add(new AgentCustomToolUseEvent { Name = "get_weather", Input = System.Text.Json.JsonDocument.Parse("{}").RootElement.Clone() });
        log.Add(End(start));
        var idle = Assert.IsType<GoIdle>(log.Replay().Decide(2, false, Limit));
        Assert.Equal([toolUseId], idle.EventIds);

        log.Add(Idle(StopReasonTypes.RequiresAction, toolUseId));
        log.Add(new UserCustomToolResultEvent { CustomToolUseId = toolUseId, Content = [new TextBlock("sunny")] });
        Assert.Equal(Step.StartRun, log.Replay().Decide(null, false, Limit));
        log.Add(new SessionStatusRunningEvent());
        Assert.Equal(Step.CallModel, log.Replay().Decide(log.Last, false, Limit));
    }

    [Fact]
    public void A_request_left_open_by_a_dead_run_is_closed_and_retried()
    {
        var log = new TestLog();
        log.Add(UserMessage("hi"));
        log.Add(new SessionStatusRunningEvent());
        var start = log.Add(new SpanModelRequestStartEvent());
        Assert.Equal(new CloseOrphanSpan(start), log.Replay().Decide(null, false, Limit));

        log.Add(End(start, isError: true, input: 0, output: 0));
        Assert.Equal(Step.StartRun, log.Replay().Decide(null, false, Limit));
        log.Add(new SessionStatusRunningEvent());
        Assert.Equal(Step.CallModel, log.Replay().Decide(log.Last, false, Limit));
    }

    [Fact]
    public void An_interrupt_ends_the_running_turn_and_a_message_after_it_starts_the_next()
    {
        var log = ModelCalledTool("allow", out _, out var toolUseId);
        log.Add(new UserInterruptEvent());
        log.Add(UserMessage("do something else"));
        var state = log.Replay();
        Assert.Equal(new GoIdle(StopReasonTypes.EndTurn), state.Decide(null, false, Limit));
        Assert.Contains(toolUseId, state.ClosedWithoutResult);

        log.Add(Idle(StopReasonTypes.EndTurn));
        Assert.Equal(Step.StartRun, log.Replay().Decide(null, false, Limit));
    }

    [Fact]
    public void An_interrupt_while_rescheduled_ends_the_turn_without_retrying_the_model()
    {
        var log = new TestLog();
        log.Add(UserMessage("hi"));
        log.Add(new SessionStatusRunningEvent());
        var start = log.Add(new SpanModelRequestStartEvent());
        log.Add(End(start, isError: true));
        log.Add(new SessionStatusRescheduledEvent());
        log.Add(new UserInterruptEvent());
        Assert.Equal(new GoIdle(StopReasonTypes.EndTurn), log.Replay().Decide(null, false, Limit));

        log.Add(Idle(StopReasonTypes.EndTurn));
        Assert.Equal(Step.Wait, log.Replay().Decide(null, false, Limit));
    }

    [Fact]
    public void An_interrupt_of_an_idle_session_does_nothing()
    {
        var log = new TestLog();
        log.Add(UserMessage("hi"));
        log.Add(new SessionStatusRunningEvent());
        var start = log.Add(new SpanModelRequestStartEvent());
        log.Add(End(start));
        log.Add(Idle(StopReasonTypes.EndTurn));
        log.Add(new UserInterruptEvent());
        Assert.Equal(Step.Wait, log.Replay().Decide(null, false, Limit));
    }

    [Fact]
    public void A_message_queued_while_the_model_ran_is_answered_before_the_turn_ends()
    {
        var log = new TestLog();
        log.Add(UserMessage("first"));
        log.Add(new SessionStatusRunningEvent());
        var run = log.Last;
        var start = log.Add(new SpanModelRequestStartEvent());
        log.Add(UserMessage("second, sent while running"));
        log.Add(End(start));
        Assert.Equal(Step.CallModel, log.Replay().Decide(run, false, Limit));
    }

    [Fact]
    public void Exhausted_retries_flush_the_turn_and_a_failed_request_is_retried_until_then()
    {
        var log = new TestLog();
        log.Add(UserMessage("hi"));
        log.Add(new SessionStatusRunningEvent());
        var start = log.Add(new SpanModelRequestStartEvent());
        log.Add(End(start, isError: true));
        log.Add(new SessionErrorEvent { Error = new PlainSessionError(SessionErrorTypes.ModelOverloaded) { Message = "overloaded", RetryStatus = new RetryStatus(RetryStatus.Retrying) } });
        log.Add(new SessionStatusRescheduledEvent());
        var state = log.Replay();
        Assert.Equal(1, state.ConsecutiveRetries);
        Assert.Equal(Step.StartRun, state.Decide(null, false, Limit));

        log.Add(Idle(StopReasonTypes.RetriesExhausted));
        Assert.Equal(Step.Wait, log.Replay().Decide(null, false, Limit));
    }

    [Fact]
    public void A_turn_that_keeps_calling_tools_stops_at_the_request_limit()
    {
        var log = new TestLog();
        log.Add(UserMessage("loop"));
        log.Add(new SessionStatusRunningEvent());
        var run = log.Last;
        for (var i = 0; i < 3; i++)
        {
            var start = log.Add(new SpanModelRequestStartEvent());
            var toolUse = log.Add(ToolUse("bash", "allow"));
            log.Add(End(start));
            log.Add(new AgentToolResultEvent { ToolUseId = toolUse, Content = [new TextBlock("ok")] });
        }

        var idle = Assert.IsType<GoIdle>(log.Replay().Decide(run, false, maxRequestsPerTurn: 3));
        Assert.Equal(SessionErrorTypes.ToolUseLimitReached, idle.Error?.Type);
    }

    [Fact]
    public void On_a_self_hosted_environment_built_in_calls_wait_for_the_worker()
    {
        var log = ModelCalledTool("allow", out var run, out var toolUseId);
        Assert.Equal(Step.Wait, log.Replay().Decide(run, toolsRunRemotely: true, Limit));

        log.Add(new UserToolResultEvent { ToolUseId = toolUseId, Content = [new TextBlock("done")] });
        Assert.Equal(Step.CallModel, log.Replay().Decide(run, toolsRunRemotely: true, Limit));
    }

    [Fact]
    public void A_run_opened_for_new_input_calls_the_model_first_but_one_opened_for_a_confirmed_tool_runs_it()
    {
        var log = new TestLog();
        log.Add(UserMessage("hi"));
        Assert.Equal(Step.StartRun, log.Replay().Decide(currentRun: null, false, Limit));
        Assert.Equal(Step.CallModel, log.Replay().DecideOnceRunning(false, Limit));

        var asked = ModelCalledTool("ask", out _, out var toolUseId);
        asked.Add(Idle(StopReasonTypes.RequiresAction, toolUseId));
        asked.Add(new UserToolConfirmationEvent { ToolUseId = toolUseId, Result = "allow" });
        Assert.Equal(Step.StartRun, asked.Replay().Decide(currentRun: null, false, Limit));
        Assert.IsType<RunTool>(asked.Replay().DecideOnceRunning(false, Limit));
    }

    [Fact]
    public void Usage_and_active_time_add_up_over_requests_and_runs()
    {
        var log = new TestLog();
        log.Add(UserMessage("hi"));
        log.Add(new SessionStatusRunningEvent());
        var start = log.Add(new SpanModelRequestStartEvent());
        log.Add(End(start, input: 100, output: 20));
        log.Add(Idle(StopReasonTypes.EndTurn), after: TimeSpan.FromSeconds(2));
        var state = log.Replay();
        Assert.Equal(100, state.Usage.InputTokens);
        Assert.Equal(20, state.Usage.OutputTokens);
        Assert.InRange(state.ActiveSeconds, 2.0, 2.1);
    }

    [Fact]
    public void Once_running_a_new_message_goes_straight_to_the_model_but_a_waiting_block_does_not()
    {
        var log = new TestLog();
        log.Add(UserMessage("hi"));
        var state = log.Replay();
        Assert.Equal(Step.StartRun, state.Decide(currentRun: null, false, Limit));
        Assert.Equal(Step.CallModel, state.DecideOnceRunning(false, Limit));

        // Blocked on a confirmation: a run would only go idle again, so there is nothing to open with.
        var blocked = ModelCalledTool("ask", out _, out var toolUseId);
        blocked.Add(Idle(StopReasonTypes.RequiresAction, toolUseId));
        blocked.Add(UserMessage("and also this"));
        Assert.Equal(Step.Wait, blocked.Replay().DecideOnceRunning(false, Limit));
    }

    [Fact]
    public void Once_running_a_call_an_earlier_run_started_is_run_as_outcome_unknown_not_skipped_for_the_model()
    {
        var log = ModelCalledTool("allow", out _, out var toolUseId);
        var step = Assert.IsType<RunTool>(log.Replay().DecideOnceRunning(false, Limit));
        Assert.Equal(toolUseId, step.ToolUse.EventId);
        Assert.True(step.OutcomeUnknown);
    }

    [Fact]
    public void Once_running_an_interrupt_still_ends_the_turn_and_the_request_limit_still_holds()
    {
        var interrupted = ModelCalledTool("allow", out _, out _);
        interrupted.Add(new UserInterruptEvent());
        Assert.Equal(StopReasonTypes.EndTurn, Assert.IsType<GoIdle>(interrupted.Replay().DecideOnceRunning(false, Limit)).StopReason);

        var log = new TestLog();
        log.Add(UserMessage("hi"));
        var limited = Assert.IsType<GoIdle>(log.Replay().DecideOnceRunning(false, maxRequestsPerTurn: 0));
        Assert.Equal(StopReasonTypes.RetriesExhausted, limited.StopReason);
    }

    private static TestLog ModelCalledTool(string permission, out long run, out string toolUseId)
    {
        var log = new TestLog();
        log.Add(UserMessage("list files"));
        log.Add(new SessionStatusRunningEvent());
        run = log.Last;
        var start = log.Add(new SpanModelRequestStartEvent());
        toolUseId = log.Add(ToolUse("bash", permission));
        log.Add(End(start));
        return log;
    }
}
