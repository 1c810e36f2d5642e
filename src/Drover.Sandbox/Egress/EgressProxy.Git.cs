using System.Net.Sockets;
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

        var prefix = ForwardedRequest($"{requestLine[0]} {targetPath} {requestLine[2]}", headers, body);

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

        await using var toHost = await ConnectTlsAsync(fromSandbox, upstream, target.Host, cancellationToken);
        if (toHost is null)
        {
            return;
        }

        await PumpAsync(fromSandbox, toHost, null, prefix, cancellationToken);
    }
}
