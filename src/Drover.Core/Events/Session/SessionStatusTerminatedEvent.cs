namespace Drover.Events;

/// <summary>The session ended for good, after an unrecoverable error or on archiving; a session that finishes its work goes idle instead.</summary>
public sealed record SessionStatusTerminatedEvent() : SessionEvent(EventTypes.SessionStatusTerminated);
