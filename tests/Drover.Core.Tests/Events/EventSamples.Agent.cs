namespace Drover.Tests.Events;

internal static partial class EventSamples
{
    private static IEnumerable<(string Type, string Json)> Agent() =>
    [
        ("agent.message", """
            {"type":"agent.message","id":"sevt_01JRX6A0000000000000000001","content":[{"type":"text","text":"Done."},{"type":"redacted"}],
             "processed_at":"2026-04-01T12:01:00.25Z"}
            """),
        ("agent.thinking", """
            {"type":"agent.thinking","id":"sevt_01JRX6A0000000000000000002","processed_at":"2026-04-01T12:01:01Z"}
            """),
        ("agent.tool_use", """
            {"type":"agent.tool_use","id":"sevt_01JRX6A0000000000000000003","name":"bash","input":{"command":"ls -la","timeout":30},
             "evaluated_permission":"ask","evaluation":{"type":"auto","evaluated_permission":{"type":"ask","reason_code":"destructive_command"}},
             "session_thread_id":"sthr_01JRX6A0000000000000000004","processed_at":"2026-04-01T12:01:02Z"}
            """),
        ("agent.tool_result", """
            {"type":"agent.tool_result","id":"sevt_01JRX6A0000000000000000005","tool_use_id":"sevt_01JRX6A0000000000000000003",
             "content":[{"type":"text","text":"total 0"},{"type":"image","source":{"type":"file","file_id":"file_01"}}],
             "is_error":false,"processed_at":"2026-04-01T12:01:03Z"}
            """),
        ("agent.mcp_tool_use", """
            {"type":"agent.mcp_tool_use","id":"sevt_01JRX6A0000000000000000006","name":"create_issue","mcp_server_name":"github",
             "input":{"title":"Bug","labels":["p1"]},"evaluated_permission":"allow","evaluation":{"type":"always_allow"},
             "processed_at":"2026-04-01T12:01:04Z"}
            """),
        ("agent.mcp_tool_result", """
            {"type":"agent.mcp_tool_result","id":"sevt_01JRX6A0000000000000000007","mcp_tool_use_id":"sevt_01JRX6A0000000000000000006",
             "content":[{"type":"text","text":"Created #42"}],"processed_at":"2026-04-01T12:01:05Z"}
            """),
        ("agent.custom_tool_use", """
            {"type":"agent.custom_tool_use","id":"sevt_01JRX6A0000000000000000008","name":"get_weather","input":{"city":"Oslo"},
             "processed_at":"2026-04-01T12:01:06Z"}
            """),
        ("agent.thread_context_compacted", """
            {"type":"agent.thread_context_compacted","id":"sevt_01JRX6A0000000000000000009","processed_at":"2026-04-01T12:01:07Z"}
            """),
        ("agent.thread_message_sent", """
            {"type":"agent.thread_message_sent","id":"sevt_01JRX6A000000000000000000A","to_session_thread_id":"sthr_01JRX6A000000000000000000B",
             "to_agent_name":"researcher","content":[{"type":"text","text":"Find three sources."}],"processed_at":"2026-04-01T12:01:08Z"}
            """),
        ("agent.thread_message_received", """
            {"type":"agent.thread_message_received","id":"sevt_01JRX6A000000000000000000C","from_session_thread_id":"sthr_01JRX6A000000000000000000B",
             "from_agent_name":"researcher","content":[{"type":"text","text":"Here they are."}],"processed_at":"2026-04-01T12:01:09Z"}
            """),
    ];
}
