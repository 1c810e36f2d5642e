using System.Text.Json.Serialization;
using Drover.Events.Serialization;

namespace Drover.Events;

/// <summary>
/// Source-generated JSON contracts for session events as stored and served: snake_case names, null members
/// omitted except where the API writes an explicit <c>null</c> (those properties say so), UTC timestamps with <c>Z</c>.
/// Every concrete record reached through a polymorphic base must be listed here.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(SessionEvent))]
[JsonSerializable(typeof(UnknownSessionEvent))]
[JsonSerializable(typeof(UserMessageEvent))]
[JsonSerializable(typeof(UserInterruptEvent))]
[JsonSerializable(typeof(UserToolConfirmationEvent))]
[JsonSerializable(typeof(UserCustomToolResultEvent))]
[JsonSerializable(typeof(UserToolResultEvent))]
[JsonSerializable(typeof(UserDefineOutcomeEvent))]
[JsonSerializable(typeof(SystemMessageEvent))]
[JsonSerializable(typeof(AgentMessageEvent))]
[JsonSerializable(typeof(AgentThinkingEvent))]
[JsonSerializable(typeof(AgentToolUseEvent))]
[JsonSerializable(typeof(AgentToolResultEvent))]
[JsonSerializable(typeof(AgentMcpToolUseEvent))]
[JsonSerializable(typeof(AgentMcpToolResultEvent))]
[JsonSerializable(typeof(AgentCustomToolUseEvent))]
[JsonSerializable(typeof(AgentThreadContextCompactedEvent))]
[JsonSerializable(typeof(AgentThreadMessageSentEvent))]
[JsonSerializable(typeof(AgentThreadMessageReceivedEvent))]
[JsonSerializable(typeof(SessionStatusRunningEvent))]
[JsonSerializable(typeof(SessionStatusIdleEvent))]
[JsonSerializable(typeof(SessionStatusRescheduledEvent))]
[JsonSerializable(typeof(SessionStatusTerminatedEvent))]
[JsonSerializable(typeof(SessionDeletedEvent))]
[JsonSerializable(typeof(SessionUpdatedEvent))]
[JsonSerializable(typeof(SessionErrorEvent))]
[JsonSerializable(typeof(SessionUsageEvent))]
[JsonSerializable(typeof(SessionThreadCreatedEvent))]
[JsonSerializable(typeof(SessionThreadStatusRunningEvent))]
[JsonSerializable(typeof(SessionThreadStatusIdleEvent))]
[JsonSerializable(typeof(SessionThreadStatusRescheduledEvent))]
[JsonSerializable(typeof(SessionThreadStatusTerminatedEvent))]
[JsonSerializable(typeof(SpanModelRequestStartEvent))]
[JsonSerializable(typeof(SpanModelRequestEndEvent))]
[JsonSerializable(typeof(SpanOutcomeEvaluationStartEvent))]
[JsonSerializable(typeof(SpanOutcomeEvaluationOngoingEvent))]
[JsonSerializable(typeof(SpanOutcomeEvaluationEndEvent))]
[JsonSerializable(typeof(WorkflowRunCreatedEvent))]
[JsonSerializable(typeof(WorkflowRunStatusRunningEvent))]
[JsonSerializable(typeof(WorkflowRunStatusIdleEvent))]
[JsonSerializable(typeof(WorkflowRunStatusEndedEvent))]
[JsonSerializable(typeof(WorkflowRunPhaseStartedEvent))]
[JsonSerializable(typeof(WorkflowRunPhaseEndedEvent))]
[JsonSerializable(typeof(WorkflowRunErrorEvent))]
[JsonSerializable(typeof(ContentBlock))]
[JsonSerializable(typeof(TextBlock))]
[JsonSerializable(typeof(ImageBlock))]
[JsonSerializable(typeof(DocumentBlock))]
[JsonSerializable(typeof(SearchResultBlock))]
[JsonSerializable(typeof(RedactedBlock))]
[JsonSerializable(typeof(UnknownContentBlock))]
[JsonSerializable(typeof(SessionError))]
[JsonSerializable(typeof(PlainSessionError))]
[JsonSerializable(typeof(McpSessionError))]
[JsonSerializable(typeof(CredentialSessionError))]
[JsonSerializable(typeof(RepositorySessionError))]
[JsonSerializable(typeof(BudgetLimit))]
[JsonSerializable(typeof(EventStartFrame))]
[JsonSerializable(typeof(EventDeltaFrame))]
public sealed partial class DroverJsonContext : JsonSerializerContext;
