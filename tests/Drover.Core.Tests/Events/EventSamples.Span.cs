namespace Drover.Tests.Events;

internal static partial class EventSamples
{
    private static IEnumerable<(string Type, string Json)> Span() =>
    [
        ("span.model_request_start", """{"type":"span.model_request_start","id":"sevt_01JRX8C0000000000000000001","processed_at":"2026-04-01T12:03:00Z"}"""),
        ("span.model_request_end", """
            {"type":"span.model_request_end","id":"sevt_01JRX8C0000000000000000002","model_request_start_id":"sevt_01JRX8C0000000000000000001",
             "is_error":null,"model_usage":{"input_tokens":1200,"output_tokens":340,"cache_creation_input_tokens":0,"cache_read_input_tokens":9000,"speed":"fast"},
             "processed_at":"2026-04-01T12:03:04.987Z"}
            """),
        ("span.outcome_evaluation_start", """
            {"type":"span.outcome_evaluation_start","id":"sevt_01JRX8C0000000000000000003","outcome_id":"outc_01JRX5Q7M2ZK8T4V6N9B3C1D0R",
             "iteration":0,"processed_at":"2026-04-01T12:03:05Z"}
            """),
        ("span.outcome_evaluation_ongoing", """
            {"type":"span.outcome_evaluation_ongoing","id":"sevt_01JRX8C0000000000000000004","outcome_id":"outc_01JRX5Q7M2ZK8T4V6N9B3C1D0R",
             "iteration":0,"processed_at":"2026-04-01T12:03:15Z"}
            """),
        ("span.outcome_evaluation_end", """
            {"type":"span.outcome_evaluation_end","id":"sevt_01JRX8C0000000000000000005","outcome_evaluation_start_id":"sevt_01JRX8C0000000000000000003",
             "outcome_id":"outc_01JRX5Q7M2ZK8T4V6N9B3C1D0R","iteration":0,"result":"needs_revision","explanation":"Two tests still fail.",
             "usage":{"input_tokens":800,"output_tokens":120,"cache_creation_input_tokens":64,"cache_read_input_tokens":0},
             "processed_at":"2026-04-01T12:03:20Z"}
            """),
    ];
}
