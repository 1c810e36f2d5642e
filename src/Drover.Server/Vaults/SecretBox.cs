using System.Security.Cryptography;
using System.Text;

namespace Drover.Server.Vaults;

/// <summary>
/// Encrypts credential secrets with AES-256-GCM before they reach the database. A sealed value is
/// <c>v1.</c> + base64(nonce | tag | ciphertext); the credential id is the associated data, so a sealed value copied
/// onto another credential does not open.
/// </summary>
internal sealed class SecretBox
{
    private const string Prefix = "v1.";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[] _key;

    public SecretBox(byte[] key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("The vault key must be 32 bytes (AES-256).", nameof(key));
        }

        _key = key;
    }

    public string Seal(string plaintext, string credentialId)
    {
        var data = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[NonceSize + TagSize + data.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, data, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(credentialId));
        CryptographicOperations.ZeroMemory(data);
        return Prefix + Convert.ToBase64String(output);
    }

    /// <summary>Opens a sealed value; throws <see cref="CryptographicException"/> when the key or the credential id is not the one it was sealed with.</summary>
    public string Open(string sealedValue, string credentialId)
    {
        if (!sealedValue.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown sealed secret format.");
        }

        var input = Convert.FromBase64String(sealedValue[Prefix.Length..]);
        if (input.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("Truncated sealed secret.");
        }

        var plaintext = new byte[input.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(input.AsSpan(0, NonceSize), input.AsSpan(NonceSize + TagSize), input.AsSpan(NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(credentialId));
        return Encoding.UTF8.GetString(plaintext);
    }

    /// <summary>
    /// The operator's key (<see cref="VaultOptions.EncryptionKey"/>), or the one in <paramref name="dataDirectory"/>,
    /// generated there (mode 0600) at first start.
    /// </summary>
    public static SecretBox Create(VaultOptions options, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.EncryptionKey))
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(options.EncryptionKey.Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException("Vaults:EncryptionKey must be base64 of 32 random bytes (openssl rand -base64 32).");
            }

            return key.Length == 32 ? new SecretBox(key) : throw new InvalidOperationException($"Vaults:EncryptionKey must decode to 32 bytes, not {key.Length} (openssl rand -base64 32).");
        }

        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, VaultOptions.KeyFileName);
        if (!File.Exists(path))
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            try
            {
                // CreateNew: two processes starting on one data directory must not both write a key.
                var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(path, fileOptions);
                stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(fresh) + "\n"));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }

        var text = File.ReadAllText(path).Trim();
        var stored = Convert.FromBase64String(text);
        return stored.Length == 32 ? new SecretBox(stored) : throw new InvalidOperationException($"{path} does not hold a 32-byte base64 key; restore it from backup (without it no vault secret can be read).");
    }
}
