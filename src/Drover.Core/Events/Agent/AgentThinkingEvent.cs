namespace Drover.Events;

/// <summary>The agent is making progress through extended thinking. A progress signal only: it carries no content.</summary>
public sealed record AgentThinkingEvent() : SessionEvent(EventTypes.AgentThinking);
