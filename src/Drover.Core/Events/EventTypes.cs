namespace Drover.Events;

/// <summary>The <c>type</c> strings of every session event in the Managed Agents API (SDK 13.13.0).</summary>
public static class EventTypes
{
    public const string UserMessage = "user.message";
    public const string UserInterrupt = "user.interrupt";
    public const string UserToolConfirmation = "user.tool_confirmation";
    public const string UserCustomToolResult = "user.custom_tool_result";
    public const string UserToolResult = "user.tool_result";
    public const string UserDefineOutcome = "user.define_outcome";
    public const string SystemMessage = "system.message";

    public const string AgentMessage = "agent.message";
    public const string AgentThinking = "agent.thinking";
    public const string AgentToolUse = "agent.tool_use";
    public const string AgentToolResult = "agent.tool_result";
    public const string AgentMcpToolUse = "agent.mcp_tool_use";
    public const string AgentMcpToolResult = "agent.mcp_tool_result";
    public const string AgentCustomToolUse = "agent.custom_tool_use";
    public const string AgentThreadContextCompacted = "agent.thread_context_compacted";
    public const string AgentThreadMessageSent = "agent.thread_message_sent";
    public const string AgentThreadMessageReceived = "agent.thread_message_received";

    public const string SessionStatusRunning = "session.status_running";
    public const string SessionStatusIdle = "session.status_idle";
    public const string SessionStatusRescheduled = "session.status_rescheduled";
    public const string SessionStatusTerminated = "session.status_terminated";
    public const string SessionDeleted = "session.deleted";
    public const string SessionUpdated = "session.updated";
    public const string SessionError = "session.error";
    public const string SessionUsage = "session.usage";
    public const string SessionThreadCreated = "session.thread_created";
    public const string SessionThreadStatusRunning = "session.thread_status_running";
    public const string SessionThreadStatusIdle = "session.thread_status_idle";
    public const string SessionThreadStatusRescheduled = "session.thread_status_rescheduled";
    public const string SessionThreadStatusTerminated = "session.thread_status_terminated";

    public const string SpanModelRequestStart = "span.model_request_start";
    public const string SpanModelRequestEnd = "span.model_request_end";
    public const string SpanOutcomeEvaluationStart = "span.outcome_evaluation_start";
    public const string SpanOutcomeEvaluationOngoing = "span.outcome_evaluation_ongoing";
    public const string SpanOutcomeEvaluationEnd = "span.outcome_evaluation_end";

    public const string WorkflowRunCreated = "workflow_run.created";
    public const string WorkflowRunStatusRunning = "workflow_run.status_running";
    public const string WorkflowRunStatusIdle = "workflow_run.status_idle";
    public const string WorkflowRunStatusEnded = "workflow_run.status_ended";
    public const string WorkflowRunPhaseStarted = "workflow_run.phase_started";
    public const string WorkflowRunPhaseEnded = "workflow_run.phase_ended";
    public const string WorkflowRunError = "workflow_run.error";

    /// <summary>True when <paramref name="type"/> deserialises to a typed record rather than <see cref="UnknownSessionEvent"/>.</summary>
    public static bool IsKnown(string type) => Serialization.SessionEventConverter.KnownTypes.ContainsKey(type);
}
