namespace Drover.Cli.Resources;

/// <summary>What <c>list</c> asks for: at most <paramref name="Limit"/> items (newest first), and the filters the kind supports.</summary>
internal sealed record ListQuery(int Limit, bool IncludeArchived, string? AgentId, IReadOnlyList<string> Statuses);
