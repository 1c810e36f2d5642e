namespace Drover.Server.Sessions;

/// <summary>The agent a session is created with.</summary>
/// <param name="Id">An <c>agent_</c> id.</param>
/// <param name="Version">The version asked for, or null for the latest.</param>
/// <param name="Field">Where the id was given (<c>agent</c> or <c>agent.id</c>), for messages.</param>
internal sealed record AgentReference(string Id, int? Version, string Field);
