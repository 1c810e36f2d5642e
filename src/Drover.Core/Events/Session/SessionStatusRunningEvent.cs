namespace Drover.Events;

/// <summary>The session started running: the agent is working.</summary>
public sealed record SessionStatusRunningEvent() : SessionEvent(EventTypes.SessionStatusRunning);
