using System.Text.Json;
using System.Text.Json.Serialization;
using Drover.Events;
using Drover.Events.Serialization;

namespace Drover.Server.Sessions;

/// <summary>
/// The session object (<c>type: "session"</c>) as the API returns it and as the resource store keeps it
/// (kind <c>session</c>). Members Drover does not model yet are kept in <see cref="ExtensionData"/> and
/// written back unchanged, so features added later can own them.
/// </summary>
internal sealed record SessionDocument
{
    public const string ObjectType = "session";

    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("type")]
    public string Type { get; init; } = ObjectType;

    /// <summary>One of <see cref="SessionStatuses"/>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("title")]
    public string? Title { get; init; }

    /// <summary>The resolved agent snapshot (see <see cref="AgentSnapshot"/>); its <c>id</c> and <c>version</c> are filterable.</summary>
    [JsonPropertyName("agent")]
    public required JsonElement Agent { get; init; }

    [JsonPropertyName("environment_id")]
    public required string EnvironmentId { get; init; }

    /// <summary>File, GitHub repository and memory store resources in their response shapes; secrets are never here.</summary>
    [JsonPropertyName("resources")]
    public IReadOnlyList<JsonElement> Resources { get; init; } = [];

    [JsonPropertyName("vault_ids")]
    public IReadOnlyList<string> VaultIds { get; init; } = [];

    [JsonPropertyName("metadata")]
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    [JsonPropertyName("usage")]
    public required SessionUsage Usage { get; init; }

    /// <summary>As stored; <c>duration_seconds</c> is recomputed on every read (see <see cref="SessionJson.ForResponse"/>).</summary>
    [JsonPropertyName("stats")]
    public SessionStats Stats { get; init; } = new(0, 0);

    [JsonPropertyName("outcome_evaluations")]
    public IReadOnlyList<JsonElement> OutcomeEvaluations { get; init; } = [];

    [JsonPropertyName("budget")]
    public BudgetLimit? Budget { get; init; }

    [JsonPropertyName("deployment_id")]
    public string? DeploymentId { get; init; }

    [JsonPropertyName("created_at")]
    [JsonConverter(typeof(UtcTimestampConverter))]
    public required DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    [JsonConverter(typeof(UtcTimestampConverter))]
    public required DateTimeOffset UpdatedAt { get; init; }

    [JsonPropertyName("archived_at")]
    [JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset? ArchivedAt { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
