using System.Net.Http.Json;
using System.Text.Json;
using Drover.FakeModel;
using Drover.Server.Tests.Harness;
using static Drover.Server.Tests.SelfHosted.SelfHostedApi;

namespace Drover.Server.Tests.SelfHosted;

/// <summary>
/// The work queue as a worker drives it, with the harness on and the fake model calling <c>bash</c>: the call waits for
/// the worker, the item goes queued → starting → active → stopping → stopped, results are checked, leases lapse.
/// </summary>
public sealed class WorkQueueTests(HarnessServerFixture server) : IClassFixture<HarnessServerFixture>
{
    private readonly SelfHostedApi _api = new(server);
    private readonly Turns _turns = new(server.CreateHttpClient());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_claims_the_session_runs_its_call_and_the_turn_completes()
    {
        var environmentId = await _api.CreateEnvironmentAsync();
        var worker = _api.Worker((await _api.CreateKeyAsync(environmentId)).GetProperty("key").GetString()!);
        var sessionId = await _api.CreateSessionAsync(environmentId);
        server.Model.Responder = r => r.Messages.Count == 1 ? FakeReply.ToolUse("bash", """{"command":"echo hi"}""") : FakeReply.Text("done");
        await _turns.SendAsync(sessionId, Turns.Message("run it"));

        var work = await PollUntilWorkAsync(worker, environmentId);
        var workId = work.GetProperty("id").GetString()!;
        Assert.Equal(sessionId, work.GetProperty("data").GetProperty("id").GetString());
        Assert.Equal("queued", work.GetProperty("state").GetString());

        // Before the ack the key reaches nothing of the session.
        Assert.Equal(403, (await SendAsync(worker, HttpMethod.Get, $"/v1/sessions/{sessionId}")).Status);
        var acked = await PostAsync(worker, $"/v1/environments/{environmentId}/work/{workId}/ack", "");
        Assert.Equal("starting", acked.GetProperty("state").GetString());
        var beat = await PostAsync(worker, $"/v1/environments/{environmentId}/work/{workId}/heartbeat?expected_last_heartbeat=NO_HEARTBEAT", "");
        Assert.Equal("active", beat.GetProperty("state").GetString());
        Assert.True(beat.GetProperty("lease_extended").GetBoolean());
        var last = beat.GetProperty("last_heartbeat").GetString()!;

        var (status, refused) = await SendAsync(worker, HttpMethod.Post, $"/v1/environments/{environmentId}/work/{workId}/heartbeat?expected_last_heartbeat=NO_HEARTBEAT");
        Assert.Equal(412, status);
        Assert.Equal("heartbeat_precondition_failed", refused.GetProperty("error").GetProperty("details").GetProperty("error_code").GetString());
        Assert.Equal(last, refused.GetProperty("error").GetProperty("details").GetProperty("current_state").GetProperty("last_heartbeat").GetString());

        // The held session: the worker reads it and its events, and may send only tool results for open calls.
        Assert.Equal(200, (await SendAsync(worker, HttpMethod.Get, $"/v1/sessions/{sessionId}")).Status);
        var events = await worker.GetFromJsonAsync<JsonElement>($"/v1/sessions/{sessionId}/events", Ct);
        var toolUse = events.GetProperty("data").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "agent.tool_use");
        var toolUseId = toolUse.GetProperty("id").GetString()!;
        Assert.Equal(200, (await SendAsync(worker, HttpMethod.Get, $"/v1/sessions/{sessionId}/events/stream")).Status);
        Assert.Equal(403, (await SendAsync(worker, HttpMethod.Post, $"/v1/sessions/{sessionId}/events", """{"events":[{"type":"user.message","content":[{"type":"text","text":"hi"}]}]}""")).Status);
        var (unknown, unknownBody) = await SendAsync(worker, HttpMethod.Post, $"/v1/sessions/{sessionId}/events", ToolResult("sevt_01JD5V3N8W4K2M7Q9R6T1X0YZB"));
        Assert.Equal(400, unknown);
        Assert.StartsWith("events[0].tool_use_id:", unknownBody.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        await PostAsync(worker, $"/v1/sessions/{sessionId}/events", ToolResult(toolUseId));
        var (again, _) = await SendAsync(worker, HttpMethod.Post, $"/v1/sessions/{sessionId}/events", ToolResult(toolUseId));
        Assert.Equal(400, again);

        var log = await _turns.WaitForIdleAsync(sessionId);
        Assert.Equal("end_turn", log[^1].GetProperty("stop_reason").GetProperty("type").GetString());
        Assert.Contains("from the worker", server.Model.Requests[^1].Messages[2]!.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(log, e => Turns.Type(e) == "agent.tool_result");

        var stopping = await PostAsync(worker, $"/v1/environments/{environmentId}/work/{workId}/stop", "");
        Assert.Equal("stopping", stopping.GetProperty("state").GetString());
        var stopped = await PostAsync(worker, $"/v1/environments/{environmentId}/work/{workId}/stop", """{"force":true}""");
        Assert.Equal("stopped", stopped.GetProperty("state").GetString());
        Assert.NotNull(stopped.GetProperty("stopped_at").GetString());
        Assert.Equal(409, (await SendAsync(worker, HttpMethod.Post, $"/v1/environments/{environmentId}/work/{workId}/stop", "")).Status);
        Assert.Equal(403, (await SendAsync(worker, HttpMethod.Get, $"/v1/sessions/{sessionId}")).Status);

        var stats = await worker.GetFromJsonAsync<JsonElement>($"/v1/environments/{environmentId}/work/stats", Ct);
        Assert.Equal("work_queue_stats", stats.GetProperty("type").GetString());
        Assert.Equal(0, stats.GetProperty("depth").GetInt32());
        var list = await worker.GetFromJsonAsync<JsonElement>($"/v1/environments/{environmentId}/work", Ct);
        Assert.Equal("stopped", Assert.Single(list.GetProperty("data").EnumerateArray()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_lapsed_lease_makes_the_item_claimable_again_and_the_old_worker_is_refused()
    {
        var environmentId = await _api.CreateEnvironmentAsync();
        var worker = _api.Worker((await _api.CreateKeyAsync(environmentId)).GetProperty("key").GetString()!);
        var sessionId = await _api.CreateSessionAsync(environmentId);
        server.Model.Responder = r => r.Messages.Count == 1 ? FakeReply.ToolUse("bash", """{"command":"sleep 100"}""") : FakeReply.Text("done");
        await _turns.SendAsync(sessionId, Turns.Message("run it"));

        var workId = (await PollUntilWorkAsync(worker, environmentId)).GetProperty("id").GetString()!;
        await PostAsync(worker, $"/v1/environments/{environmentId}/work/{workId}/ack", "");
        var last = (await PostAsync(worker, $"/v1/environments/{environmentId}/work/{workId}/heartbeat?expected_last_heartbeat=NO_HEARTBEAT&desired_ttl_seconds=1", "")).GetProperty("last_heartbeat").GetString()!;

        // The first worker "dies": no more heartbeats. Within a few polls the same item comes back.
        var again = await PollUntilWorkAsync(worker, environmentId, TimeSpan.FromSeconds(10));
        Assert.Equal(workId, again.GetProperty("id").GetString());
        Assert.Equal("queued", again.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, again.GetProperty("latest_heartbeat_at").ValueKind);

        var (status, _) = await SendAsync(worker, HttpMethod.Post, $"/v1/environments/{environmentId}/work/{workId}/heartbeat?expected_last_heartbeat={Uri.EscapeDataString(last)}");
        Assert.Equal(412, status);
        await PostAsync(worker, $"/v1/environments/{environmentId}/work/{workId}/ack", "");
        var beat = await PostAsync(worker, $"/v1/environments/{environmentId}/work/{workId}/heartbeat?expected_last_heartbeat=NO_HEARTBEAT", "");
        Assert.True(beat.GetProperty("lease_extended").GetBoolean());
    }

    [Fact]
    public async Task A_lost_workers_call_is_answered_once_as_outcome_unknown_before_the_item_is_claimed_again_and_a_late_result_is_refused()
    {
        var environmentId = await _api.CreateEnvironmentAsync();
        var worker = _api.Worker((await _api.CreateKeyAsync(environmentId)).GetProperty("key").GetString()!);
        var sessionId = await _api.CreateSessionAsync(environmentId);
        server.Model.Responder = r => r.Messages.Count == 1 ? FakeReply.ToolUse("bash", """{"command":"sleep 100"}""") : FakeReply.Text("checked and carried on");
        await _turns.SendAsync(sessionId, Turns.Message("run it"));

        var workId = (await PollUntilWorkAsync(worker, environmentId)).GetProperty("id").GetString()!;
        await PostAsync(worker, $"/v1/environments/{environmentId}/work/{workId}/ack", "");
        await PostAsync(worker, $"/v1/environments/{environmentId}/work/{workId}/heartbeat?expected_last_heartbeat=NO_HEARTBEAT&desired_ttl_seconds=1", "");
        var toolUseId = (await _turns.EventsAsync(sessionId)).Single(e => Turns.Type(e) == "agent.tool_use").GetProperty("id").GetString()!;

        // The worker dies. Once the lease has lapsed, several pollers race for the item: the call is answered once.
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        var polls = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => worker.GetStringAsync($"/v1/environments/{environmentId}/work/poll?block_ms=500", Ct)));
        var claimed = Assert.Single(polls, p => p != "null");
        Assert.Equal(workId, JsonDocument.Parse(claimed).RootElement.GetProperty("id").GetString());

        var log = await _turns.EventsAsync(sessionId);
        var answer = Assert.Single(log, e => Turns.Type(e) == "user.tool_result");
        Assert.Equal(toolUseId, answer.GetProperty("tool_use_id").GetString());
        Assert.True(answer.GetProperty("is_error").GetBoolean());
        Assert.Contains("outcome is unknown", answer.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);

        // The old worker's result, late: refused whoever sends it (the item is no longer held; the call is answered).
        Assert.Equal(403, (await SendAsync(worker, HttpMethod.Post, $"/v1/sessions/{sessionId}/events", ToolResult(toolUseId))).Status);
        Assert.Equal(400, (await SendAsync(_api.Admin, HttpMethod.Post, $"/v1/sessions/{sessionId}/events", ToolResult(toolUseId))).Status);

        // The model sees the unknown outcome and decides; the turn ends.
        var events = await _turns.WaitForIdleAsync(sessionId);
        Assert.Equal("end_turn", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
        Assert.Contains("outcome is unknown", server.Model.Requests[^1].Messages[2]!.ToJsonString(), StringComparison.Ordinal);
        Assert.Single(events, e => Turns.Type(e) == "user.tool_result");
    }

    [Fact]
    public async Task Polling_an_empty_queue_answers_json_null_after_the_block()
    {
        var environmentId = await _api.CreateEnvironmentAsync();
        var worker = _api.Worker((await _api.CreateKeyAsync(environmentId)).GetProperty("key").GetString()!);
        var started = DateTime.UtcNow;
        using var response = await worker.GetAsync($"/v1/environments/{environmentId}/work/poll?block_ms=300", Ct);
        Assert.Equal("null", await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(250));
        Assert.Equal(400, (await SendAsync(worker, HttpMethod.Get, $"/v1/environments/{environmentId}/work/poll?block_ms=1000")).Status);
    }

    private static string ToolResult(string toolUseId) =>
        $$"""{"events":[{"type":"user.tool_result","tool_use_id":"{{toolUseId}}","content":[{"type":"text","text":"hi from the worker"}]}]}""";
}
