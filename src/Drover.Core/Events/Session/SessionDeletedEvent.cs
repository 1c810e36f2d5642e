namespace Drover.Events;

/// <summary>The session was deleted. Ends every open stream: no event follows it.</summary>
public sealed record SessionDeletedEvent() : SessionEvent(EventTypes.SessionDeleted);
