using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Server.Vaults;

/// <summary>Serialises vault and credential documents the way the API writes them (snake_case, nulls written unless a member says otherwise).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(VaultDocument))]
[JsonSerializable(typeof(VaultDeleted))]
[JsonSerializable(typeof(StoredCredential))]
[JsonSerializable(typeof(CredentialDeleted))]
[JsonSerializable(typeof(CredentialSecrets))]
internal sealed partial class VaultJsonContext : JsonSerializerContext
{
    public static string Serialize(VaultDocument document) => JsonSerializer.Serialize(document, Default.VaultDocument);

    public static VaultDocument DeserializeVault(string json) =>
        JsonSerializer.Deserialize(json, Default.VaultDocument) ?? throw new JsonException("A vault document is null.");

    public static string Serialize(StoredCredential credential) => JsonSerializer.Serialize(credential, Default.StoredCredential);

    public static StoredCredential DeserializeCredential(string json) =>
        JsonSerializer.Deserialize(json, Default.StoredCredential) ?? throw new JsonException("A credential record is null.");

    public static string Serialize(CredentialDocument document) => JsonSerializer.Serialize(document, Default.CredentialDocument);
}
