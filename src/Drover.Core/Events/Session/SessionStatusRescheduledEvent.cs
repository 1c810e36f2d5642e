namespace Drover.Events;

/// <summary>The session hit a transient error and is retrying automatically.</summary>
public sealed record SessionStatusRescheduledEvent() : SessionEvent(EventTypes.SessionStatusRescheduled);
