namespace Drover.Sessions;

/// <summary>An event to append.</summary>
/// <param name="Id">Its <c>sevt_</c> id, unique across the store.</param>
/// <param name="Type">Its type string, e.g. <c>agent.message</c>; must equal the <c>type</c> member of <paramref name="Json"/>.</param>
/// <param name="Json">The whole event as a JSON object, exactly as it is served to clients; stored byte for byte.</param>
public sealed record NewEvent(string Id, string Type, string Json);
