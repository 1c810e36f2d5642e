using System.Collections.Frozen;

namespace Drover.Events.Serialization;

internal sealed class SessionEventConverter() : TypeDiscriminatorConverter<SessionEvent>(KnownTypes, typeof(UnknownSessionEvent))
{
    internal static readonly FrozenDictionary<string, Type> KnownTypes = new Dictionary<string, Type>
    {
        [EventTypes.UserMessage] = typeof(UserMessageEvent),
        [EventTypes.UserInterrupt] = typeof(UserInterruptEvent),
        [EventTypes.UserToolConfirmation] = typeof(UserToolConfirmationEvent),
        [EventTypes.UserCustomToolResult] = typeof(UserCustomToolResultEvent),
        [EventTypes.UserToolResult] = typeof(UserToolResultEvent),
        [EventTypes.UserDefineOutcome] = typeof(UserDefineOutcomeEvent),
        [EventTypes.SystemMessage] = typeof(SystemMessageEvent),
        [EventTypes.AgentMessage] = typeof(AgentMessageEvent),
        [EventTypes.AgentThinking] = typeof(AgentThinkingEvent),
        [EventTypes.AgentToolUse] = typeof(AgentToolUseEvent),
        [EventTypes.AgentToolResult] = typeof(AgentToolResultEvent),
        [EventTypes.AgentMcpToolUse] = typeof(AgentMcpToolUseEvent),
        [EventTypes.AgentMcpToolResult] = typeof(AgentMcpToolResultEvent),
        [EventTypes.AgentCustomToolUse] = typeof(AgentCustomToolUseEvent),
        [EventTypes.AgentThreadContextCompacted] = typeof(AgentThreadContextCompactedEvent),
        [EventTypes.AgentThreadMessageSent] = typeof(AgentThreadMessageSentEvent),
        [EventTypes.AgentThreadMessageReceived] = typeof(AgentThreadMessageReceivedEvent),
        [EventTypes.SessionStatusRunning] = typeof(SessionStatusRunningEvent),
        [EventTypes.SessionStatusIdle] = typeof(SessionStatusIdleEvent),
        [EventTypes.SessionStatusRescheduled] = typeof(SessionStatusRescheduledEvent),
        [EventTypes.SessionStatusTerminated] = typeof(SessionStatusTerminatedEvent),
        [EventTypes.SessionDeleted] = typeof(SessionDeletedEvent),
        [EventTypes.SessionUpdated] = typeof(SessionUpdatedEvent),
        [EventTypes.SessionError] = typeof(SessionErrorEvent),
        [EventTypes.SessionUsage] = typeof(SessionUsageEvent),
        [EventTypes.SessionThreadCreated] = typeof(SessionThreadCreatedEvent),
        [EventTypes.SessionThreadStatusRunning] = typeof(SessionThreadStatusRunningEvent),
        [EventTypes.SessionThreadStatusIdle] = typeof(SessionThreadStatusIdleEvent),
        [EventTypes.SessionThreadStatusRescheduled] = typeof(SessionThreadStatusRescheduledEvent),
        [EventTypes.SessionThreadStatusTerminated] = typeof(SessionThreadStatusTerminatedEvent),
        [EventTypes.SpanModelRequestStart] = typeof(SpanModelRequestStartEvent),
        [EventTypes.SpanModelRequestEnd] = typeof(SpanModelRequestEndEvent),
        [EventTypes.SpanOutcomeEvaluationStart] = typeof(SpanOutcomeEvaluationStartEvent),
        [EventTypes.SpanOutcomeEvaluationOngoing] = typeof(SpanOutcomeEvaluationOngoingEvent),
        [EventTypes.SpanOutcomeEvaluationEnd] = typeof(SpanOutcomeEvaluationEndEvent),
        [EventTypes.WorkflowRunCreated] = typeof(WorkflowRunCreatedEvent),
        [EventTypes.WorkflowRunStatusRunning] = typeof(WorkflowRunStatusRunningEvent),
        [EventTypes.WorkflowRunStatusIdle] = typeof(WorkflowRunStatusIdleEvent),
        [EventTypes.WorkflowRunStatusEnded] = typeof(WorkflowRunStatusEndedEvent),
        [EventTypes.WorkflowRunPhaseStarted] = typeof(WorkflowRunPhaseStartedEvent),
        [EventTypes.WorkflowRunPhaseEnded] = typeof(WorkflowRunPhaseEndedEvent),
        [EventTypes.WorkflowRunError] = typeof(WorkflowRunErrorEvent),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
