using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Events;
using Drover.Sessions;

namespace Drover.Tests.Events;

/// <summary>Wire-shape facts of particular events: explicit nulls, omitted members, typed unions, timestamps.</summary>
public sealed class EventShapeTests
{
    private static readonly DateTimeOffset s_noon = new(2026, 4, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Queued_user_message_writes_processed_at_as_null_and_omits_nothing_else()
    {
        var e = new UserMessageEvent { Id = "sevt_01JRXB0000000000000000001", Content = [new TextBlock("hi")] };

        JsonAssert.Equivalent(
            """{"type":"user.message","id":"sevt_01JRXB0000000000000000001","content":[{"type":"text","text":"hi"}],"processed_at":null}""",
            SessionEventJson.Serialize(e));
    }

    [Fact]
    public void Optional_members_are_omitted_when_null()
    {
        var e = new AgentToolUseEvent { Id = "sevt_1", Name = "read", Input = JsonDocument.Parse("""{"path":"a.txt"}""").RootElement, ProcessedAt = s_noon };

        var json = JsonNode.Parse(SessionEventJson.Serialize(e))!.AsObject();

        Assert.Equal(["id", "input", "name", "processed_at", "type"], json.Select(p => p.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Members_the_api_sends_as_null_are_written_as_null()
    {
        var idle = new SessionStatusIdleEvent { Id = "sevt_1", ProcessedAt = s_noon, StopReason = new StopReason(StopReasonTypes.EndTurn) };
        var end = new SpanModelRequestEndEvent
        {
            Id = "sevt_2",
            ProcessedAt = s_noon,
            ModelRequestStartId = "sevt_0",
            ModelUsage = new ModelUsage { InputTokens = 1, OutputTokens = 2, CacheCreationInputTokens = 0, CacheReadInputTokens = 0 },
        };
        var error = new SessionErrorEvent
        {
            Id = "sevt_3",
            ProcessedAt = s_noon,
            Error = new RepositorySessionError(SessionErrorTypes.RepositoryClone) { Message = "clone failed", RetryStatus = new RetryStatus(RetryStatus.Retrying) },
        };

        JsonAssert.Equivalent(
            """{"type":"session.status_idle","id":"sevt_1","stop_reason":{"type":"end_turn"},"stop_details":null,"processed_at":"2026-04-01T12:00:00Z"}""",
            SessionEventJson.Serialize(idle));
        Assert.Contains("\"is_error\":null", SessionEventJson.Serialize(end), StringComparison.Ordinal);
        Assert.Contains("\"repository_url\":null", SessionEventJson.Serialize(error), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"session.updated","id":"sevt_1","title":"t","processed_at":"2026-04-01T12:00:00Z"}""", false, false)]
    [InlineData("""{"type":"session.updated","id":"sevt_1","budget":null,"processed_at":"2026-04-01T12:00:00Z"}""", true, false)]
    [InlineData("""{"type":"session.updated","id":"sevt_1","budget":{"type":"limit","max_list_cost":{"amount":"100","currency":"USD"}},"processed_at":"2026-04-01T12:00:00Z"}""", true, true)]
    public void Session_updated_tells_an_unchanged_budget_from_a_removed_one(string json, bool changed, bool hasValue)
    {
        var e = Assert.IsType<SessionUpdatedEvent>(SessionEventJson.Deserialize(json));

        Assert.Equal(changed, e.Budget is not null);
        Assert.Equal(hasValue, e.Budget?.Value is not null);
        JsonAssert.Equivalent(json, SessionEventJson.Serialize(e));
    }

    [Fact]
    public void Stop_reason_and_error_read_as_typed_records()
    {
        var idle = Assert.IsType<SessionStatusIdleEvent>(SessionEventJson.Deserialize(EventSamples.ByType[EventTypes.SessionStatusIdle]));
        var error = Assert.IsType<SessionErrorEvent>(SessionEventJson.Deserialize(EventSamples.ByType[EventTypes.SessionError]));

        Assert.Equal(StopReasonTypes.RequiresAction, idle.StopReason.Type);
        Assert.Equal(["sevt_01JRX6A0000000000000000003", "sevt_01JRX6A0000000000000000008"], idle.StopReason.EventIds);
        Assert.Null(idle.StopDetails);
        var mcp = Assert.IsType<McpSessionError>(error.Error);
        Assert.Equal(SessionErrorTypes.McpConnectionFailed, mcp.Type);
        Assert.Equal("github", mcp.McpServerName);
        Assert.Equal(RetryStatus.Retrying, mcp.RetryStatus.Type);
    }

    [Fact]
    public void Unknown_error_type_reads_as_a_plain_error_and_round_trips()
    {
        const string json = """
            {"type":"session.error","id":"sevt_1","processed_at":"2026-04-01T12:00:00Z",
             "error":{"type":"sandbox_melted_error","message":"Too hot.","retry_status":{"type":"terminal"},"temperature_c":451}}
            """;

        var e = Assert.IsType<SessionErrorEvent>(SessionEventJson.Deserialize(json));

        var plain = Assert.IsType<PlainSessionError>(e.Error);
        Assert.Equal("sandbox_melted_error", plain.Type);
        Assert.Equal(RetryStatus.Terminal, plain.RetryStatus.Type);
        JsonAssert.Equivalent(json, SessionEventJson.Serialize(e));
    }

    [Fact]
    public void Timestamps_are_written_in_utc_with_z_and_without_trailing_zeros()
    {
        var e = new SessionStatusRunningEvent { Id = "sevt_1", ProcessedAt = new DateTimeOffset(2026, 4, 1, 14, 0, 0, 120, TimeSpan.FromHours(2)) };

        Assert.Contains("\"processed_at\":\"2026-04-01T12:00:00.12Z\"", SessionEventJson.Serialize(e), StringComparison.Ordinal);
    }

    [Fact]
    public void ToNewEvent_carries_id_type_and_json_that_the_log_accepts()
    {
        var e = new AgentMessageEvent { Id = "sevt_01JRXB0000000000000000002", ProcessedAt = s_noon, Content = [new TextBlock("ok")] };

        var newEvent = e.ToNewEvent();

        Assert.Equal(e.Id, newEvent.Id);
        Assert.Equal(EventTypes.AgentMessage, newEvent.Type);
        Assert.Equal(SessionEventJson.Serialize(e), newEvent.Json);
        EventValidator.Validate([newEvent], new SessionLogOptions());
    }

    [Fact]
    public void ToNewEvent_refuses_an_event_without_an_id()
    {
        Assert.Throws<ArgumentException>(() => new UserInterruptEvent().ToNewEvent());
    }
}
