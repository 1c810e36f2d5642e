namespace Drover.Sandbox;

/// <summary>Settings of the egress proxy that networked sandboxes and <c>web_fetch</c> go through.</summary>
public sealed class EgressOptions
{
    /// <summary>
    /// Lets the proxy connect to loopback, private, link-local and other non-public addresses. Off by default: an
    /// allowed host name that resolves to such an address is refused. Tests turn it on to stay on loopback.
    /// </summary>
    public bool AllowPrivateDestinations { get; set; }

    /// <summary>Host names the proxy resolves to fixed addresses instead of asking DNS (like a hosts file).</summary>
    public Dictionary<string, string> HostMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long the proxy waits to connect to a destination.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A PEM file of extra CAs the proxy trusts for upstream TLS when it terminates a sandbox's TLS to substitute a
    /// secret (the system's CAs are always trusted). For private CAs; tests use it for a loopback HTTPS server.
    /// </summary>
    public string? UpstreamCertificateAuthorities { get; set; }
}
