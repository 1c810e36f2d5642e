using System.Net;
using System.Text.Json;
using Drover.FakeModel;
using static Drover.Server.Tests.Harness.Turns;

namespace Drover.Server.Tests.Harness;

/// <summary>Turns end to end: the API, the harness, the real Anthropic client code and a fake model over loopback.</summary>
public sealed class HarnessTurnTests(HarnessServerFixture server) : IClassFixture<HarnessServerFixture>
{
    private readonly Turns _turns = new(server.CreateHttpClient());

    private FakeAnthropicServer Model => server.Model;

    [Fact]
    public async Task A_message_runs_one_turn_with_the_official_event_sequence()
    {
        Model.Responder = _ => FakeReply.Text("Hello there.").WithUsage(new FakeUsage(120, 7, CacheReadInputTokens: 30, CacheCreationInputTokens: 40));
        var sessionId = await _turns.CreateSessionAsync("""{"model":"claude-sonnet-4-5","system":"Be brief."}""");

        await _turns.SendAsync(sessionId, Message("hi"));
        var events = await _turns.WaitForIdleAsync(sessionId);

        Assert.Equal(
            ["user.message", "session.status_running", "span.model_request_start", "agent.message", "span.model_request_end", "session.usage", "session.status_idle"],
            Types(events));
        Assert.Equal("Hello there.", events[3].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(events[2].GetProperty("id").GetString(), events[4].GetProperty("model_request_start_id").GetString());
        Assert.Equal(120, events[4].GetProperty("model_usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(30, events[4].GetProperty("model_usage").GetProperty("cache_read_input_tokens").GetInt64());
        Assert.Equal("end_turn", events[6].GetProperty("stop_reason").GetProperty("type").GetString());

        var session = await _turns.GetSessionAsync(sessionId);
        Assert.Equal("idle", session.GetProperty("status").GetString());
        Assert.Equal(120, session.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(40, session.GetProperty("usage").GetProperty("cache_creation").GetProperty("ephemeral_5m_input_tokens").GetInt64());

        var request = Model.Requests[^1];
        Assert.Equal("claude-sonnet-4-5", request.Model);
        Assert.Equal("sk-ant-fake-key", request.ApiKey);
        Assert.Equal("hi", request.LastUserText);
        Assert.Contains("Be brief.", request.System!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("cache_control", request.Messages[^1]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_tool_call_waits_for_the_client_and_its_result_goes_back_to_the_model()
    {
        var sessionId = await _turns.CreateSessionAsync("""
            {"model":"claude-sonnet-4-5","tools":[{"type":"custom","name":"get_weather","description":"Weather for a city","input_schema":{"type":"object","properties":{"city":{"type":"string"}}}}]}
            """);
        Model.Responder = r => r.Messages.Count == 1
            ? FakeReply.Message().WithThinking("need the weather", "sig-abc").WithToolUse("get_weather", """{"city":"Paris"}""")
            : FakeReply.Text("It is sunny in Paris.");

        await _turns.SendAsync(sessionId, Message("weather in Paris?"));
        var events = await _turns.WaitForIdleAsync(sessionId);
        var toolUse = events.Single(e => Type(e) == "agent.custom_tool_use");
        Assert.Equal("Paris", toolUse.GetProperty("input").GetProperty("city").GetString());
        var idle = events[^1];
        Assert.Equal("requires_action", idle.GetProperty("stop_reason").GetProperty("type").GetString());
        Assert.Equal(toolUse.GetProperty("id").GetString(), idle.GetProperty("stop_reason").GetProperty("event_ids")[0].GetString());
        Assert.Equal("idle", (await _turns.GetSessionAsync(sessionId)).GetProperty("status").GetString());

        var toolUseId = toolUse.GetProperty("id").GetString()!;
        await _turns.SendAsync(sessionId, $$"""{"type":"user.custom_tool_result","custom_tool_use_id":"{{toolUseId}}","content":[{"type":"text","text":"sunny, 21C"}]}""");
        events = await _turns.WaitForIdleAsync(sessionId, count: 2);

        Assert.Equal("end_turn", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
        Assert.Contains(events, e => Type(e) == "agent.message" && e.GetProperty("content")[0].GetProperty("text").GetString() == "It is sunny in Paris.");
        var second = Model.Requests[^1].Messages;
        var assistant = second[1]!.ToJsonString();
        Assert.Contains("\"signature\":\"sig-abc\"", assistant, StringComparison.Ordinal);
        Assert.Contains($"\"id\":\"{toolUseId}\"", assistant, StringComparison.Ordinal);
        var result = second[2]!.ToJsonString();
        Assert.Contains($"\"tool_use_id\":\"{toolUseId}\"", result, StringComparison.Ordinal);
        Assert.Contains("sunny, 21C", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overloaded_models_are_retried_with_rescheduling_and_the_turn_completes()
    {
        var sessionId = await _turns.CreateSessionAsync();
        var calls = 0;
        Model.Responder = _ => Interlocked.Increment(ref calls) <= 2 ? FakeReply.Overloaded() : FakeReply.Text("finally");

        await _turns.SendAsync(sessionId, Message("hi"));
        var events = await _turns.WaitForIdleAsync(sessionId);

        Assert.Equal(2, events.Count(e => Type(e) == "session.status_rescheduled"));
        var errors = events.Where(e => Type(e) == "session.error").ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("retrying", e.GetProperty("error").GetProperty("retry_status").GetProperty("type").GetString()));
        Assert.Equal("model_overloaded_error", errors[0].GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("end_turn", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
        Assert.Equal(3, events.Count(e => Type(e) == "session.status_running"));
        Assert.Single(events, e => Type(e) == "agent.message");
    }

    [Fact]
    public async Task A_model_that_keeps_failing_ends_the_turn_with_retries_exhausted()
    {
        var sessionId = await _turns.CreateSessionAsync();
        Model.Responder = _ => FakeReply.Error(500, "api_error", "Internal error");

        await _turns.SendAsync(sessionId, Message("hi"));
        var events = await _turns.WaitForIdleAsync(sessionId);

        var last = events.Where(e => Type(e) == "session.error").Last();
        Assert.Equal("exhausted", last.GetProperty("error").GetProperty("retry_status").GetProperty("type").GetString());
        Assert.Equal("retries_exhausted", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
        Assert.Equal(3, events.Count(e => Type(e) == "span.model_request_start"));
    }

    [Fact]
    public async Task A_message_sent_while_the_model_runs_is_answered_in_the_same_turn()
    {
        var sessionId = await _turns.CreateSessionAsync();
        var gate = new FakeGate();
        Model.Responder = r => r.LastUserText == "first" ? FakeReply.Text("one").Hold(gate) : FakeReply.Text("two");

        await _turns.SendAsync(sessionId, Message("first"));
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await _turns.SendAsync(sessionId, Message("second"));
        gate.Release();
        var events = await _turns.WaitForIdleAsync(sessionId);

        Assert.Single(events, e => Type(e) == "session.status_idle");
        Assert.Equal(2, events.Count(e => Type(e) == "agent.message"));
        var secondRequest = Model.Requests[^1].Messages.ToJsonString();
        Assert.Contains("first", secondRequest, StringComparison.Ordinal);
        Assert.Contains("second", secondRequest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interrupt_stops_the_model_stream_at_once_and_ends_the_turn()
    {
        var sessionId = await _turns.CreateSessionAsync();
        var gate = new FakeGate();
        Model.Responder = _ => FakeReply.Text("a long answer").Hold(gate);

        await _turns.SendAsync(sessionId, Message("write an essay"));
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var held = Model.Requests[^1];
        await _turns.SendAsync(sessionId, """{"type":"user.interrupt"}""");

        await held.Disconnected.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        var events = await _turns.WaitForIdleAsync(sessionId);
        gate.Release();

        Assert.DoesNotContain(events, e => Type(e) == "agent.message");
        Assert.Equal("end_turn", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
        Assert.True(events.FindIndex(e => Type(e) == "user.interrupt") < events.FindLastIndex(e => Type(e) == "session.status_idle"));
    }

    [Fact]
    public async Task A_confirmation_that_answers_no_waiting_call_is_refused()
    {
        var sessionId = await _turns.CreateSessionAsync();
        using var response = await _turns.SendRawAsync(sessionId, """{"type":"user.tool_confirmation","tool_use_id":"sevt_0000000000000000000000000","result":"allow"}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
        Assert.Contains("events[0].tool_use_id", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _turns.EventsAsync(sessionId));
    }

    [Fact]
    public async Task A_model_no_provider_serves_is_a_session_error_saying_what_to_configure()
    {
        var sessionId = await _turns.CreateSessionAsync("""{"model":"llama3.1:8b"}""");

        await _turns.SendAsync(sessionId, Message("hi"));
        var events = await _turns.WaitForIdleAsync(sessionId);

        var error = events.Single(e => Type(e) == "session.error").GetProperty("error");
        Assert.Equal("exhausted", error.GetProperty("retry_status").GetProperty("type").GetString());
        Assert.Contains("Models:OpenAI", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("retries_exhausted", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
        Assert.Equal("idle", (await _turns.GetSessionAsync(sessionId)).GetProperty("status").GetString());
    }
}
