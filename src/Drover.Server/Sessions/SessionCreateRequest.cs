using Drover.Events;

namespace Drover.Server.Sessions;

/// <summary>A checked <c>POST /v1/sessions</c> body, before the agent and environment are looked up.</summary>
internal sealed record SessionCreateRequest(
    AgentReference Agent,
    string EnvironmentId,
    string? Title,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<SessionResourceInput> Resources,
    IReadOnlyList<string> VaultIds,
    IReadOnlyList<SessionEvent> InitialEvents,
    BudgetLimit? Budget);
