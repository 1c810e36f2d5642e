using System.Net.Sockets;
using System.Text;

namespace Drover.Sandbox.Egress;

/// <summary>
/// The egress proxy of one sandbox: HTTP <c>CONNECT</c> (for TLS and anything else) and plain-HTTP forwarding with an
/// absolute URI, one request per client connection. Every destination goes through <see cref="EgressConnector"/>; a
/// refusal is a <c>403</c> whose body says why, so <c>curl</c> and package managers show the reason.
/// </summary>
internal sealed partial class EgressProxy(EgressConnector connector, NetworkPolicy policy, EgressCertificates? certificates = null)
{
    private const int MaxHeadBytes = 32 * 1024;

    /// <summary>Accepts connections on the listener until cancelled; each is served on its own task.</summary>
    public async Task ServeAsync(Socket listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = Task.Run(() => ServeClientAsync(client, cancellationToken), CancellationToken.None);
        }
    }

    private async Task ServeClientAsync(Socket client, CancellationToken cancellationToken)
    {
        using var _ = client;
        await using var clientStream = new NetworkStream(client, ownsSocket: false);
        try
        {
            var (head, rest) = await ReadHeadAsync(clientStream, cancellationToken);
            if (head is null)
            {
                return;
            }

            var lines = head.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            if (requestLine.Length != 3)
            {
                await RespondAsync(clientStream, "400 Bad Request", "malformed request line", cancellationToken);
                return;
            }

            var (method, target, version) = (requestLine[0], requestLine[1], requestLine[2]);
            if (method.Equals("CONNECT", StringComparison.OrdinalIgnoreCase))
            {
                var colon = target.LastIndexOf(':');
                if (colon <= 0 || !int.TryParse(target[(colon + 1)..], out var port))
                {
                    await RespondAsync(clientStream, "400 Bad Request", "CONNECT needs host:port", cancellationToken);
                    return;
                }

                var host = target[..colon].Trim('[', ']');

                // git to github.com: the proxy authenticates the session's repositories (the environment must allow the host).
                if (certificates is not null && GitAuthentication.Applies(policy, host) && policy.Allows(host))
                {
                    await clientStream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), cancellationToken);
                    await InterceptGitAsync(clientStream, rest, host, await SecretSubstitution.ForHostAsync(policy.Secrets, host, cancellationToken), cancellationToken);
                    return;
                }

                using var upstream = await ConnectOrRespondAsync(clientStream, host, port, cancellationToken);
                if (upstream is null)
                {
                    return;
                }

                // TLS is terminated only for hosts a credential is scoped to; everything else is a blind tunnel.
                if (certificates is not null && await SecretSubstitution.ForHostAsync(policy.Secrets, host, cancellationToken) is { Count: > 0 } scoped)
                {
                    await clientStream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), cancellationToken);
                    await InterceptAsync(clientStream, rest, upstream, host, scoped, cancellationToken);
                    return;
                }

                await clientStream.WriteAsync("HTTP/1.1 200 Connection Established\r\n\r\n"u8.ToArray(), cancellationToken);
                await PumpAsync(clientStream, upstream, rest, cancellationToken);
                return;
            }

            if (!Uri.TryCreate(target, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp)
            {
                await RespondAsync(clientStream, "400 Bad Request", "only absolute http:// URIs and CONNECT are proxied", cancellationToken);
                return;
            }

            using var server = await ConnectOrRespondAsync(clientStream, uri.IdnHost, uri.Port, cancellationToken);
            if (server is null)
            {
                return;
            }

            var headers = ForwardedHeaders(lines);

            // Placeholders become secrets only on the way to the credential's own hosts.
            var secrets = await SecretSubstitution.ForHostAsync(policy.Secrets, uri.IdnHost, cancellationToken);
            var body = rest;
            if (secrets.Count > 0)
            {
                SecretSubstitution.Headers(headers, secrets);
                body = await SecretSubstitution.BodyAsync(headers, rest, clientStream, secrets, cancellationToken) ?? rest;
            }

            await PumpAsync(clientStream, server, ForwardedRequest($"{method} {uri.PathAndQuery} {version}", headers, body), cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client or the destination went away; nothing is left to tell.
        }
    }

    /// <summary>The request as the proxy sends it on: the request line, the headers, <c>Connection: close</c> (one request per connection), the body.</summary>
    private static byte[] ForwardedRequest(string requestLine, IEnumerable<string> headers, byte[] body)
    {
        var forwarded = new StringBuilder(requestLine).Append("\r\n");
        foreach (var line in headers)
        {
            forwarded.Append(line).Append("\r\n");
        }

        forwarded.Append("Connection: close\r\n\r\n");
        return [.. Encoding.Latin1.GetBytes(forwarded.ToString()), .. body];
    }

    /// <summary>The header lines of a request head to pass on: hop-by-hop ones (<c>Proxy-*</c>, <c>Connection</c>, <c>Keep-Alive</c>) dropped.</summary>
    private static List<string> ForwardedHeaders(string[] lines) => lines.Skip(1).Where(l => l.Length > 0).Where(line =>
    {
        var name = line.Split(':', 2)[0].Trim();
        return !name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase)
            && !name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
            && !name.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase);
    }).ToList();

    private Task<Socket?> ConnectOrRespondAsync(Stream client, string host, int port, CancellationToken cancellationToken) =>
        ConnectOrRespondAsync(client, host, port, policy, cancellationToken);

    private async Task<Socket?> ConnectOrRespondAsync(Stream client, string host, int port, NetworkPolicy allowed, CancellationToken cancellationToken)
    {
        try
        {
            return await connector.ConnectAsync(allowed, host, port, cancellationToken);
        }
        catch (EgressRefusedException e)
        {
            await RespondAsync(client, "403 Forbidden", e.Message, cancellationToken);
            return null;
        }
    }

    /// <summary>Copies both ways until either side closes; <paramref name="toServerFirst"/> goes to the server first.</summary>
    private static async Task PumpAsync(Stream client, Socket server, byte[] toServerFirst, CancellationToken cancellationToken)
    {
        await using var serverStream = new NetworkStream(server, ownsSocket: false);
        await PumpAsync(client, serverStream, server, toServerFirst, cancellationToken);
    }

    private static async Task PumpAsync(Stream client, Stream serverStream, Socket? server, byte[] toServerFirst, CancellationToken cancellationToken)
    {
        if (toServerFirst.Length > 0)
        {
            await serverStream.WriteAsync(toServerFirst, cancellationToken);
        }

        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var up = CopyAsync(client, serverStream, server, done.Token);
        var down = CopyAsync(serverStream, client, null, done.Token);
        await Task.WhenAny(up, down);
        if (down.IsCompleted)
        {
            await done.CancelAsync();
        }

        await Task.WhenAll(up, down);
    }

    private static async Task CopyAsync(Stream from, Stream to, Socket? halfClose, CancellationToken cancellationToken)
    {
        try
        {
            await from.CopyToAsync(to, cancellationToken);
            halfClose?.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private static async Task<(string? Head, byte[] Body)> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxHeadBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return (null, []);
            }

            length += read;
            var end = buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8);
            if (end >= 0)
            {
                return (Encoding.Latin1.GetString(buffer, 0, end), buffer[(end + 4)..length]);
            }
        }

        return (null, []);
    }

    private static async Task RespondAsync(Stream client, string status, string reason, CancellationToken cancellationToken)
    {
        var body = $"Drover egress proxy: {reason}\n";
        var response = $"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";
        await client.WriteAsync(Encoding.UTF8.GetBytes(response), cancellationToken);
    }
}
