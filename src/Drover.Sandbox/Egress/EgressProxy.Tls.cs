using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Drover.Hands;

namespace Drover.Sandbox.Egress;

internal sealed partial class EgressProxy
{
    /// <summary>
    /// A <c>CONNECT</c> to a host a credential is scoped to: TLS with the sandbox is terminated with a certificate from
    /// the install's CA, one HTTP/1.1 request is read, its placeholders replaced as for plain HTTP, and it is sent on
    /// a TLS connection of the proxy's own to the host, whose certificate is verified. The response streams back.
    /// </summary>
    private async Task InterceptAsync(Stream client, byte[] early, Socket upstream, string host, IReadOnlyList<SandboxSecret> secrets, CancellationToken cancellationToken)
    {
        await using var fromSandbox = await AcceptTlsAsync(client, early, host, cancellationToken);
        if (fromSandbox is null)
        {
            return;
        }

        var (head, rest) = await ReadHeadAsync(fromSandbox, cancellationToken);
        if (head is null)
        {
            return;
        }

        var lines = head.Split("\r\n");
        var headers = ForwardedHeaders(lines);
        SecretSubstitution.Headers(headers, secrets);
        var body = await SecretSubstitution.BodyAsync(headers, rest, fromSandbox, secrets, cancellationToken) ?? rest;

        await using var toHost = await ConnectTlsAsync(fromSandbox, upstream, host, cancellationToken);
        if (toHost is not null)
        {
            await PumpAsync(fromSandbox, toHost, null, ForwardedRequest(lines[0], headers, body), cancellationToken);
        }
    }

    /// <summary>
    /// Terminates the sandbox's TLS for <paramref name="host"/> with a certificate from the install's CA; null when the
    /// handshake does not complete.
    /// </summary>
    private async Task<SslStream?> AcceptTlsAsync(Stream client, byte[] early, string host, CancellationToken cancellationToken)
    {
        if (early.Length > 0)
        {
            // A client that sent its TLS hello with the CONNECT is not something curl or git do; refuse rather than guess.
            return null;
        }

        var fromSandbox = new SslStream(client, leaveInnerStreamOpen: true);
        try
        {
            await fromSandbox.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = certificates!.LeafFor(host),
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }, cancellationToken);
            return fromSandbox;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await fromSandbox.DisposeAsync();
            return null;
        }
    }

    /// <summary>
    /// The proxy's own TLS connection to <paramref name="host"/> over <paramref name="upstream"/>, its certificate
    /// verified; null, after telling the sandbox 502, when that fails.
    /// </summary>
    private async Task<SslStream?> ConnectTlsAsync(Stream fromSandbox, Socket upstream, string host, CancellationToken cancellationToken)
    {
        var toHost = new SslStream(new NetworkStream(upstream, ownsSocket: false), leaveInnerStreamOpen: false);
        try
        {
            await toHost.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => certificates!.ValidateUpstream(certificate, chain, errors),
            }, cancellationToken);
            return toHost;
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await toHost.DisposeAsync();
            await RespondAsync(fromSandbox, "502 Bad Gateway", $"the TLS connection to {host} failed: {e.Message}", cancellationToken);
            return null;
        }
    }
}
