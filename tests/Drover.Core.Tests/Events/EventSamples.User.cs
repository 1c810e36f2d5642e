namespace Drover.Tests.Events;

internal static partial class EventSamples
{
    private static IEnumerable<(string Type, string Json)> User() =>
    [
        ("user.message", """
            {"type":"user.message","id":"sevt_01JRX5Q7M2ZK8T4V6N9B3C1D0E","content":[
              {"type":"text","text":"Summarise the attached report."},
              {"type":"image","source":{"type":"base64","media_type":"image/png","data":"iVBORw0KGgo="}},
              {"type":"image","source":{"type":"url","url":"https://example.com/chart.png"}},
              {"type":"document","source":{"type":"file","file_id":"file_011CNha8iCJcU1wXNR6q4V8w"},"title":"Q3 report","context":"Internal draft"},
              {"type":"document","source":{"type":"text","media_type":"text/plain","data":"plain words"}}
            ],"processed_at":"2026-04-01T12:00:01.123456Z"}
            """),
        ("user.interrupt", """
            {"type":"user.interrupt","id":"sevt_01JRX5Q7M2ZK8T4V6N9B3C1D0F","session_thread_id":"sthr_01JRX5Q7M2ZK8T4V6N9B3C1D0G","processed_at":null}
            """),
        ("user.tool_confirmation", """
            {"type":"user.tool_confirmation","id":"sevt_01JRX5Q7M2ZK8T4V6N9B3C1D0H","tool_use_id":"sevt_01JRX5Q7M2ZK8T4V6N9B3C1D0J",
             "result":"deny","deny_message":"Do not touch production.","processed_at":"2026-04-01T12:00:02.5Z"}
            """),
        ("user.custom_tool_result", """
            {"type":"user.custom_tool_result","id":"sevt_01JRX5Q7M2ZK8T4V6N9B3C1D0K","custom_tool_use_id":"sevt_01JRX5Q7M2ZK8T4V6N9B3C1D0M",
             "content":[{"type":"search_result","source":"https://example.com/a","title":"A result",
                         "content":[{"type":"text","text":"the snippet"}],"citations":{"enabled":true}}],
             "is_error":false,"session_thread_id":"sthr_01JRX5Q7M2ZK8T4V6N9B3C1D0G","processed_at":"2026-04-01T12:00:03Z"}
            """),
        ("user.tool_result", """
            {"type":"user.tool_result","id":"sevt_01JRX5Q7M2ZK8T4V6N9B3C1D0N","tool_use_id":"sevt_01JRX5Q7M2ZK8T4V6N9B3C1D0P",
             "content":[{"type":"text","text":"exit code 1"}],"is_error":true,"processed_at":"2026-04-01T12:00:04.000001Z"}
            """),
        ("user.define_outcome", """
            {"type":"user.define_outcome","id":"sevt_01JRX5Q7M2ZK8T4V6N9B3C1D0Q","description":"A passing test suite",
             "rubric":{"type":"text","content":"All tests pass; no test is skipped."},"max_iterations":null,
             "outcome_id":"outc_01JRX5Q7M2ZK8T4V6N9B3C1D0R","processed_at":"2026-04-01T12:00:05Z"}
            """),
        ("system.message", """
            {"type":"system.message","id":"sevt_01JRX5Q7M2ZK8T4V6N9B3C1D0S","content":[{"type":"text","text":"Answer in French from now on."}],"processed_at":null}
            """),
    ];
}
