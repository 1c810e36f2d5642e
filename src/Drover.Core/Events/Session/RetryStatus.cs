using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>What the client should do after a session error.</summary>
public sealed record RetryStatus
{
    /// <summary>The server retries by itself; the same error may come again, then once as <see cref="Exhausted"/>.</summary>
    public const string Retrying = "retrying";

    /// <summary>The turn is dead: queued inputs are flushed and the session goes idle; the client may send a new prompt.</summary>
    public const string Exhausted = "exhausted";

    /// <summary>The session will terminate.</summary>
    public const string Terminal = "terminal";

    public RetryStatus()
    {
    }

    [SetsRequiredMembers]
    public RetryStatus(string type) => Type = type;

    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public required string Type { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
