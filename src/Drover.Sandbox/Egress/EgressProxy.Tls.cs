using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
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
        if (early.Length > 0)
        {
            // A client that sent its TLS hello with the CONNECT is not something curl or git do; refuse rather than guess.
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
        var headers = ForwardedHeaders(lines);
        SecretSubstitution.Headers(headers, secrets);
        var body = await SecretSubstitution.BodyAsync(headers, rest, fromSandbox, secrets, cancellationToken) ?? rest;
        var forwarded = new StringBuilder(lines[0]).Append("\r\n");
        foreach (var line in headers)
        {
            forwarded.Append(line).Append("\r\n");
        }

        forwarded.Append("Connection: close\r\n\r\n");

        await using var toHost = new SslStream(new NetworkStream(upstream, ownsSocket: false), leaveInnerStreamOpen: false);
        try
        {
            await toHost.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = host,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) => certificates!.ValidateUpstream(certificate, chain, errors),
            }, cancellationToken);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            await RespondAsync(fromSandbox, "502 Bad Gateway", $"the TLS connection to {host} failed: {e.Message}", cancellationToken);
            return;
        }

        await PumpAsync(fromSandbox, toHost, null, [.. Encoding.Latin1.GetBytes(forwarded.ToString()), .. body], cancellationToken);
    }
}
