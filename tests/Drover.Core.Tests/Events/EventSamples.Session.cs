namespace Drover.Tests.Events;

internal static partial class EventSamples
{
    private static IEnumerable<(string Type, string Json)> Session() =>
    [
        ("session.status_running", """{"type":"session.status_running","id":"sevt_01JRX7B0000000000000000001","processed_at":"2026-04-01T12:02:00Z"}"""),
        ("session.status_idle", """
            {"type":"session.status_idle","id":"sevt_01JRX7B0000000000000000002",
             "stop_reason":{"type":"requires_action","event_ids":["sevt_01JRX6A0000000000000000003","sevt_01JRX6A0000000000000000008"]},
             "stop_details":null,"processed_at":"2026-04-01T12:02:01Z"}
            """),
        ("session.status_rescheduled", """{"type":"session.status_rescheduled","id":"sevt_01JRX7B0000000000000000003","processed_at":"2026-04-01T12:02:02Z"}"""),
        ("session.status_terminated", """{"type":"session.status_terminated","id":"sevt_01JRX7B0000000000000000004","processed_at":"2026-04-01T12:02:03Z"}"""),
        ("session.deleted", """{"type":"session.deleted","id":"sevt_01JRX7B0000000000000000005","processed_at":"2026-04-01T12:02:04Z"}"""),
        ("session.updated", """
            {"type":"session.updated","id":"sevt_01JRX7B0000000000000000006","title":"Renamed","metadata":{"team":"infra","ticket":"OPS-7"},
             "budget":{"type":"limit","max_list_cost":{"amount":"2500","currency":"USD"}},
             "agent":{"type":"agent","id":"agent_01","version":3,"name":"Coder","tools":[],"mcp_servers":[],"skills":[]},
             "processed_at":"2026-04-01T12:02:05Z"}
            """),
        ("session.error", """
            {"type":"session.error","id":"sevt_01JRX7B0000000000000000007",
             "error":{"type":"mcp_connection_failed_error","message":"Could not reach the MCP server.","retry_status":{"type":"retrying"},"mcp_server_name":"github"},
             "processed_at":"2026-04-01T12:02:06Z"}
            """),
        ("session.usage", """
            {"type":"session.usage","id":"sevt_01JRX7B0000000000000000008",
             "usage":{"input_tokens":1200,"output_tokens":340,"cache_read_input_tokens":9000,
                      "cache_creation":{"ephemeral_5m_input_tokens":512,"ephemeral_1h_input_tokens":0},
                      "list_cost":{"amount":"37","currency":"USD"},"active_seconds":12.5,
                      "server_tool_use":{"web_search_requests":2,"web_fetch_requests":1}},
             "budget":null,"processed_at":"2026-04-01T12:02:07Z"}
            """),
        ("session.thread_created", """
            {"type":"session.thread_created","id":"sevt_01JRX7B0000000000000000009","session_thread_id":"sthr_01JRX6A000000000000000000B",
             "agent_name":"researcher","workflow_run_id":null,"processed_at":"2026-04-01T12:02:08Z"}
            """),
        ("session.thread_status_running", """
            {"type":"session.thread_status_running","id":"sevt_01JRX7B000000000000000000A","session_thread_id":"sthr_01JRX6A000000000000000000B",
             "agent_name":"researcher","processed_at":"2026-04-01T12:02:09Z"}
            """),
        ("session.thread_status_idle", """
            {"type":"session.thread_status_idle","id":"sevt_01JRX7B000000000000000000B","session_thread_id":"sthr_01JRX6A000000000000000000B",
             "agent_name":"researcher","stop_reason":{"type":"refusal"},
             "stop_details":{"type":"refusal","category":"cyber","explanation":null},"processed_at":"2026-04-01T12:02:10Z"}
            """),
        ("session.thread_status_rescheduled", """
            {"type":"session.thread_status_rescheduled","id":"sevt_01JRX7B000000000000000000C","session_thread_id":"sthr_01JRX6A000000000000000000B",
             "agent_name":"researcher","processed_at":"2026-04-01T12:02:11Z"}
            """),
        ("session.thread_status_terminated", """
            {"type":"session.thread_status_terminated","id":"sevt_01JRX7B000000000000000000D","session_thread_id":"sthr_01JRX6A000000000000000000B",
             "agent_name":"researcher","processed_at":"2026-04-01T12:02:12Z"}
            """),
    ];
}
