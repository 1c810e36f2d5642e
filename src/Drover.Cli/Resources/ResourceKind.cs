using System.Text.Json;
using System.Text.Json.Nodes;
using Anthropic;

namespace Drover.Cli.Resources;

/// <summary>
/// One kind of API resource the CLI manages (agents, environments, sessions, vaults): its flags, its table, and the
/// official SDK calls for each verb. Bodies are raw JSON (from <c>-f</c> and flags) given to the SDK's
/// <c>FromRawUnchecked</c>, so the CLI accepts every field the API does; results are the SDK's models as JSON.
/// </summary>
internal sealed record ResourceKind
{
    private static readonly Dictionary<string, JsonElement> s_empty = [];

    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required IReadOnlyList<FieldFlag> Fields { get; init; }

    public required IReadOnlyList<Column> Columns { get; init; }

    /// <summary>Whether <c>list</c> takes <c>--agent</c> and <c>--status</c> (sessions).</summary>
    public bool HasSessionFilters { get; init; }

    public required Func<AnthropicClient, JsonObject, CancellationToken, Task<object>> Create { get; init; }

    public required Func<AnthropicClient, ListQuery, CancellationToken, IAsyncEnumerable<object>> List { get; init; }

    public required Func<AnthropicClient, string, CancellationToken, Task<object>> Get { get; init; }

    public required Func<AnthropicClient, string, JsonObject, CancellationToken, Task<object>> Update { get; init; }

    public required Func<AnthropicClient, string, CancellationToken, Task<object>> Archive { get; init; }

    public static IReadOnlyDictionary<string, JsonElement> Raw(JsonObject? body) =>
        body is null ? s_empty : body.ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value));

    /// <summary>No headers or query parameters (the SDK adds its own).</summary>
    public static IReadOnlyDictionary<string, JsonElement> None => s_empty;
}
