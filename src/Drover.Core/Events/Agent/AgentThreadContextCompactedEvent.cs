namespace Drover.Events;

/// <summary>The thread's context was compacted (summarised). The log itself is never rewritten.</summary>
public sealed record AgentThreadContextCompactedEvent() : SessionEvent(EventTypes.AgentThreadContextCompacted);
