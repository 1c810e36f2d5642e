using System.Globalization;
using System.Text;
using Drover.Hands;

namespace Drover.Sandbox.Egress;

/// <summary>
/// Swaps <c>environment_variable</c> placeholders for their secrets in one plain-HTTP request leaving the sandbox: in
/// header values and in a body with a <c>Content-Length</c> (up to <see cref="MaxBodyBytes"/>), each only where the
/// credential's <c>injection_location</c> allows, and only when the destination is one of the credential's hosts. A
/// placeholder anywhere else goes out unchanged. Chunked bodies are not rewritten.
/// </summary>
internal static class SecretSubstitution
{
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    /// <summary>The secrets that apply to <paramref name="host"/>; empty when none (or no secrets at all).</summary>
    public static async Task<IReadOnlyList<SandboxSecret>> ForHostAsync(ISandboxSecrets? secrets, string host, CancellationToken cancellationToken)
    {
        if (secrets is null || secrets.Names.Count == 0)
        {
            return [];
        }

        return [.. (await secrets.ResolveAsync(cancellationToken)).Where(s => s.AllowsHost(host))];
    }

    /// <summary>Rewrites the header lines (request line excluded) in place.</summary>
    public static void Headers(List<string> lines, IReadOnlyList<SandboxSecret> secrets)
    {
        foreach (var secret in secrets.Where(s => s.InHeaders))
        {
            for (var i = 0; i < lines.Count; i++)
            {
                var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && lines[i].IndexOf(secret.Placeholder, colon, StringComparison.Ordinal) >= 0)
                {
                    lines[i] = string.Concat(lines[i].AsSpan(0, colon), lines[i][colon..].Replace(secret.Placeholder, secret.Value, StringComparison.Ordinal));
                }
            }
        }
    }

    /// <summary>
    /// Reads the rest of a <c>Content-Length</c> body (<paramref name="start"/> is what came with the head), substitutes
    /// and fixes the length header. Returns the body to send, or null to stream it through unchanged.
    /// </summary>
    public static async Task<byte[]?> BodyAsync(List<string> lines, byte[] start, Stream client, IReadOnlyList<SandboxSecret> secrets, CancellationToken cancellationToken)
    {
        var inBody = secrets.Where(s => s.InBody).ToList();
        var lengthLine = lines.FindIndex(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (inBody.Count == 0 || lengthLine < 0
            || !long.TryParse(lines[lengthLine].AsSpan("Content-Length:".Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            || length > MaxBodyBytes || length < start.Length)
        {
            return null;
        }

        var body = new byte[length];
        start.CopyTo(body, 0);
        await client.ReadExactlyAsync(body.AsMemory(start.Length), cancellationToken);
        var replaced = body;
        foreach (var secret in inBody)
        {
            replaced = Replace(replaced, Encoding.UTF8.GetBytes(secret.Placeholder), Encoding.UTF8.GetBytes(secret.Value));
        }

        lines[lengthLine] = $"Content-Length: {replaced.Length.ToString(CultureInfo.InvariantCulture)}";
        return replaced;
    }

    private static byte[] Replace(byte[] data, byte[] find, byte[] with)
    {
        if (data.AsSpan().IndexOf(find) < 0)
        {
            return data;
        }

        using var output = new MemoryStream(data.Length + with.Length);
        var span = data.AsSpan();
        while (true)
        {
            var at = span.IndexOf(find);
            if (at < 0)
            {
                output.Write(span);
                return output.ToArray();
            }

            output.Write(span[..at]);
            output.Write(with);
            span = span[(at + find.Length)..];
        }
    }
}
