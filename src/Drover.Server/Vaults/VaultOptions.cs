namespace Drover.Server.Vaults;

/// <summary>How vault secrets are kept (configuration section <c>Vaults</c>).</summary>
public sealed class VaultOptions
{
    public const string Section = "Vaults";

    /// <summary>The file name of the generated key in the data directory.</summary>
    public const string KeyFileName = "vault.key";

    /// <summary>
    /// The AES-256 key that encrypts credential secrets, base64 (32 bytes). When unset, a key is generated at first
    /// start and kept in <c>vault.key</c> in the data directory (owner-only), never in the database. Several server
    /// instances sharing one PostgreSQL database must be given the same key here.
    /// </summary>
    public string? EncryptionKey { get; set; }
}
