using System.Security.Cryptography;
using System.Text;

namespace Drover.Server.Auth;

/// <summary>
/// The SHA-256 of a presented secret, computed once per request. Stores keep only this hash (as
/// lowercase hex, the record's unique name), never the secret.
/// </summary>
public sealed class CredentialHash
{
    private readonly byte[] _bytes;

    private CredentialHash(byte[] bytes)
    {
        _bytes = bytes;
        Hex = Convert.ToHexStringLower(bytes);
    }

    /// <summary>Lowercase hex: the unique name a credential is stored and looked up under.</summary>
    public string Hex { get; }

    public static CredentialHash Compute(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return new CredentialHash(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>Whether <paramref name="storedHex"/> is this hash, compared in constant time.</summary>
    public bool Matches(string storedHex)
    {
        ArgumentNullException.ThrowIfNull(storedHex);
        Span<byte> stored = stackalloc byte[SHA256.HashSizeInBytes];
        return storedHex.Length == SHA256.HashSizeInBytes * 2
            && Convert.FromHexString(storedHex, stored, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == stored.Length
            && CryptographicOperations.FixedTimeEquals(stored, _bytes);
    }

    /// <summary>Whether <paramref name="other"/> is the same hash, compared in constant time.</summary>
    public bool Matches(CredentialHash other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return CryptographicOperations.FixedTimeEquals(other._bytes, _bytes);
    }
}
