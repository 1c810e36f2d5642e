using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>A vault credential's host could not be reached (<c>credential_host_unreachable_error</c>).</summary>
public sealed record CredentialSessionError : SessionError
{
    [JsonConstructor]
    public CredentialSessionError(string type)
        : base(type)
    {
    }

    [JsonPropertyName("credential_id")]
    public required string CredentialId { get; init; }

    [JsonPropertyName("vault_id")]
    public required string VaultId { get; init; }
}
