using System.Security.Cryptography;

namespace Drover.Ids;

/// <summary>
/// Creates and checks resource ids in the official shape: a prefix, an underscore and 26 Crockford
/// base-32 characters (48 bits of milliseconds, then 80 random bits), so ids sort by creation time.
/// </summary>
public static class DroverIds
{
    public const string Session = "sesn";
    public const string Event = "sevt";
    public const string Agent = "agent";
    public const string Environment = "env";
    public const string Vault = "vlt";
    public const string Credential = "vcrd";
    public const string SessionResource = "sesrsc";
    public const string SessionThread = "sthr";
    public const string Work = "work";
    public const string File = "file";
    public const string ApiKey = "apikey";

    private const int BodyLength = 26;
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly UInt128 RandomMask = (UInt128.One << 80) - 1;
    private static readonly Lock s_gate = new();
    private static ulong s_lastMillis;
    private static UInt128 s_lastRandom;

    /// <summary>Returns a new id such as <c>sevt_01JD5V3N8W4K2M7Q9R6T1X0YZB</c>.</summary>
    public static string New(string prefix, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var millis = (ulong)(timeProvider ?? TimeProvider.System).GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> bytes = stackalloc byte[10];
        RandomNumberGenerator.Fill(bytes);
        var random = ToUInt128(bytes);

        // Within one millisecond, ids made by this process follow one another (the random part counts up from the
        // first), so lists ordered by time then id keep creation order; a new millisecond draws afresh.
        lock (s_gate)
        {
            if (millis == s_lastMillis)
            {
                random = (s_lastRandom + 1) & RandomMask;
            }

            (s_lastMillis, s_lastRandom) = (millis, random);
        }

        return string.Create(prefix.Length + 1 + BodyLength, (prefix, millis, Random: random), static (span, state) =>
        {
            state.prefix.AsSpan().CopyTo(span);
            span[state.prefix.Length] = '_';
            var body = span[(state.prefix.Length + 1)..];
            var time = state.millis;
            for (var i = 9; i >= 0; i--)
            {
                body[i] = Alphabet[(int)(time & 31)];
                time >>= 5;
            }

            var rnd = state.Random;
            for (var i = BodyLength - 1; i >= 10; i--)
            {
                body[i] = Alphabet[(int)(rnd & 31)];
                rnd >>= 5;
            }
        });
    }

    /// <summary>True when <paramref name="id"/> is <paramref name="prefix"/>, an underscore and a well-formed body.</summary>
    public static bool HasPrefix(string? id, string prefix)
    {
        if (id is null || id.Length != prefix.Length + 1 + BodyLength || !id.StartsWith(prefix, StringComparison.Ordinal) || id[prefix.Length] != '_')
        {
            return false;
        }

        foreach (var c in id.AsSpan(prefix.Length + 1))
        {
            if (!Alphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static UInt128 ToUInt128(ReadOnlySpan<byte> bytes)
    {
        UInt128 value = 0;
        foreach (var b in bytes)
        {
            value = (value << 8) | b;
        }

        return value;
    }
}
