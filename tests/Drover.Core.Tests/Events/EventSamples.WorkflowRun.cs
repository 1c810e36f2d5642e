namespace Drover.Tests.Events;

internal static partial class EventSamples
{
    private static IEnumerable<(string Type, string Json)> WorkflowRun() =>
    [
        ("workflow_run.created", """
            {"type":"workflow_run.created","id":"sevt_01JRX9D0000000000000000001","workflow_run_id":"wfr_01","name":"nightly-audit",
             "description":null,"phases":[{"id":"ph_1","name":"collect","description":"Gather logs"},{"id":"ph_2","name":"report","description":null}],
             "processed_at":"2026-04-01T12:04:00Z"}
            """),
        ("workflow_run.status_running", """{"type":"workflow_run.status_running","id":"sevt_01JRX9D0000000000000000002","workflow_run_id":"wfr_01","processed_at":"2026-04-01T12:04:01Z"}"""),
        ("workflow_run.status_idle", """{"type":"workflow_run.status_idle","id":"sevt_01JRX9D0000000000000000003","workflow_run_id":"wfr_01","processed_at":"2026-04-01T12:04:02Z"}"""),
        ("workflow_run.status_ended", """
            {"type":"workflow_run.status_ended","id":"sevt_01JRX9D0000000000000000004","workflow_run_id":"wfr_01",
             "result":{"type":"error","error":{"type":"timeout_error","message":"The run took longer than 1h."}},"processed_at":"2026-04-01T12:04:03Z"}
            """),
        ("workflow_run.phase_started", """
            {"type":"workflow_run.phase_started","id":"sevt_01JRX9D0000000000000000005","workflow_run_id":"wfr_01","workflow_run_phase_id":"ph_1",
             "processed_at":"2026-04-01T12:04:04Z"}
            """),
        ("workflow_run.phase_ended", """
            {"type":"workflow_run.phase_ended","id":"sevt_01JRX9D0000000000000000006","workflow_run_id":"wfr_01","workflow_run_phase_id":"ph_1",
             "phase_started_id":"sevt_01JRX9D0000000000000000005","processed_at":"2026-04-01T12:04:05Z"}
            """),
        ("workflow_run.error", """
            {"type":"workflow_run.error","id":"sevt_01JRX9D0000000000000000007","workflow_run_id":null,
             "error":{"type":"max_workflow_runs_error","message":"Too many runs."},"processed_at":"2026-04-01T12:04:06Z"}
            """),
    ];
}
