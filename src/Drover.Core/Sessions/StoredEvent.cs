namespace Drover.Sessions;

/// <summary>An event as committed to the log.</summary>
/// <param name="SessionId">The session it belongs to.</param>
/// <param name="Sequence">Its position in the session, from 1, contiguous; also the SSE <c>id:</c> of its frame.</param>
/// <param name="Id">Its <c>sevt_</c> id.</param>
/// <param name="Type">Its type string.</param>
/// <param name="AppendedAt">When the log committed it.</param>
/// <param name="Json">The event JSON as appended.</param>
public sealed record StoredEvent(string SessionId, long Sequence, string Id, string Type, DateTimeOffset AppendedAt, string Json);
