using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Drover.Hands;

namespace Drover.Sandbox.Egress;

internal sealed partial class EgressProxy
{
    /// <summary>
    /// A <c>CONNECT</c> to github.com from a session with repository tokens: TLS is terminated, one request read, the
    /// repository's token added (<see cref="GitAuthentication"/>) and secrets substituted, then the request goes to
    /// github.com, or to <see cref="GitOptions.GitHubBaseUrl"/> when the operator points it elsewhere (the same rewrite
    /// the clone uses), over TLS when that is https.
    /// </summary>
    private async Task InterceptGitAsync(Stream client, byte[] early, string host, IReadOnlyList<SandboxSecret> secrets, CancellationToken cancellationToken)
    {
        if (early.Length > 0)
        {
            return;
        }

        await using var fromSandbox = new SslStream(client, leaveInnerStreamOpen: true);
        try
        {
            await fromSandbox.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = certificates!.LeafFor(host),
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }, cancellationToken);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            return;
        }

        var (head, rest) = await ReadHeadAsync(fromSandbox, cancellationToken);
        if (head is null)
        {
            return;
        }

        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3)
        {
            await RespondAsync(fromSandbox, "400 Bad Request", "malformed request line", cancellationToken);
            return;
        }

        var path = requestLine[1];
        var headers = ForwardedHeaders(lines);
        GitAuthentication.AddToken(headers, path.Split('?')[0], policy.Repositories);
        SecretSubstitution.Headers(headers, secrets);
        var body = await SecretSubstitution.BodyAsync(headers, rest, fromSandbox, secrets, cancellationToken) ?? rest;

        var target = connector.GitHubBaseUrl;
        var targetPath = target.AbsolutePath.TrimEnd('/') + path;
        if (!target.Host.Equals(GitAuthentication.GitHubHost, StringComparison.OrdinalIgnoreCase))
        {
            headers = [.. headers.Where(h => !h.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)), $"Host: {target.Authority}"];
        }

        var forwarded = new StringBuilder($"{requestLine[0]} {targetPath} {requestLine[2]}\r\n");
        foreach (var line in headers)
        {
            forwarded.Append(line).Append("\r\n");
        }

        forwarded.Append("Connection: close\r\n\r\n");
        byte[] prefix = [.. Encoding.Latin1.GetBytes(forwarded.ToString()), .. body];

        // The destination is the operator's own setting, not the sandbox's choice: it is not held to allowed_hosts.
        using var upstream = await ConnectOrRespondAsync(fromSandbox, target.Host, target.Port, NetworkPolicy.Unrestricted, cancellationToken);
        if (upstream is null)
        {
            return;
        }

        if (target.Scheme != Uri.UriSchemeHttps)
        {
            await using var plain = new NetworkStream(upstream, ownsSocket: false);
            await PumpAsync(fromSandbox, plain, upstream, prefix, cancellationToken);
            return;
        }

        await using var toHost = new SslStream(new NetworkStream(upstream, ownsSocket: false), leaveInnerStreamOpen: false);
        try
        {
            await toHost.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = target.Host,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => certificates!.ValidateUpstream(certificate, chain, errors),
            }, cancellationToken);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await RespondAsync(fromSandbox, "502 Bad Gateway", $"the TLS connection to {target.Host} failed: {e.Message}", cancellationToken);
            return;
        }

        await PumpAsync(fromSandbox, toHost, null, prefix, cancellationToken);
    }
}
