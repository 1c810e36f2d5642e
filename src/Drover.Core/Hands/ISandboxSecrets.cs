namespace Drover.Hands;

/// <summary>
/// A session's <c>environment_variable</c> credentials as the sandbox sees them: each variable holds an opaque
/// <see cref="SandboxSecretName.Placeholder"/>; the egress proxy swaps in the value, resolved afresh at each request
/// (so a rotated secret is used from the next request), only on requests to the credential's hosts.
/// </summary>
public interface ISandboxSecrets
{
    /// <summary>The variables to set in the sandbox, with their placeholders.</summary>
    IReadOnlyList<SandboxSecretName> Names { get; }

    /// <summary>The current values; credentials archived or deleted since the session started are left out.</summary>
    Task<IReadOnlyList<SandboxSecret>> ResolveAsync(CancellationToken cancellationToken);
}

/// <summary>An environment variable of the sandbox and the placeholder it holds.</summary>
public sealed record SandboxSecretName(string Name, string Placeholder);

/// <summary>A secret to substitute at egress.</summary>
/// <param name="Placeholder">What the sandbox sends.</param>
/// <param name="Value">The secret; never logged (see <see cref="ToString"/>).</param>
/// <param name="Hosts">Hosts it may be sent to (exact, or <c>*.example.com</c> for subdomains); null for every host.</param>
/// <param name="InHeaders">Substitute in request header values.</param>
/// <param name="InBody">Substitute in request bodies.</param>
public sealed record SandboxSecret(string Placeholder, string Value, IReadOnlyList<string>? Hosts, bool InHeaders, bool InBody)
{
    /// <summary>Whether the secret may be sent to <paramref name="host"/>.</summary>
    public bool AllowsHost(string host)
    {
        if (Hosts is null)
        {
            return true;
        }

        host = host.TrimEnd('.').ToLowerInvariant();
        return Hosts.Any(h => h.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(h[1..], StringComparison.Ordinal) && host.Length > h.Length - 1
            : host == h);
    }

    public override string ToString() => $"SandboxSecret {{ Placeholder = {Placeholder}, Hosts = {(Hosts is null ? "*" : string.Join(",", Hosts))} }}";
}
