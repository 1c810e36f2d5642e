using System.Buffers.Text;
using System.Security.Cryptography;

namespace Drover.Server.Auth;

/// <summary>Making API key secrets and the hint that lets a person recognise one without revealing it.</summary>
internal static class ApiKeySecrets
{
    public const string Prefix = "sk-drover-";

    /// <summary>Shortest secret accepted from configuration (<c>DROVER_ADMIN_API_KEY</c>); generated ones are longer.</summary>
    public const int MinLength = 16;

    /// <summary>Longest secret accepted anywhere; a longer header value is refused before it is hashed.</summary>
    public const int MaxLength = 512;

    private const int RandomBytes = 32;
    private const int HintLength = 4;

    /// <summary>A new secret: <c>sk-drover-</c> and 32 random bytes in base64url (256 bits).</summary>
    public static string New()
    {
        Span<byte> random = stackalloc byte[RandomBytes];
        RandomNumberGenerator.Fill(random);
        return Prefix + Base64Url.EncodeToString(random);
    }

    /// <summary>Printable ASCII without spaces (so it travels in a header unchanged), <see cref="MinLength"/> to <see cref="MaxLength"/> long.</summary>
    public static bool IsWellFormed(string secret) =>
        secret.Length is >= MinLength and <= MaxLength && secret.All(c => c is > ' ' and < (char)0x7F);

    /// <summary>The prefix when the secret has ours, and its last four characters: <c>sk-drover-...AbCd</c>.</summary>
    public static string Hint(string secret) =>
        (secret.StartsWith(Prefix, StringComparison.Ordinal) ? Prefix : "") + "..." + secret[^HintLength..];
}
