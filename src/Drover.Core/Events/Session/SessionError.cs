using System.Text.Json;
using System.Text.Json.Serialization;
using Drover.Events.Serialization;

namespace Drover.Events;

/// <summary>
/// The <c>error</c> of a <c>session.error</c> event (see <see cref="SessionErrorTypes"/>). One record per shape:
/// <see cref="PlainSessionError"/> for types without extra members (and for types Drover does not know),
/// <see cref="McpSessionError"/>, <see cref="CredentialSessionError"/> and <see cref="RepositorySessionError"/>.
/// </summary>
[JsonConverter(typeof(SessionErrorConverter))]
public abstract record SessionError
{
    protected SessionError(string type) => Type = type;

    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public string Type { get; }

    /// <summary>Human-readable description, safe to show the client.</summary>
    [JsonPropertyName("message")]
    public required string Message { get; init; }

    [JsonPropertyName("retry_status")]
    public required RetryStatus RetryStatus { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
