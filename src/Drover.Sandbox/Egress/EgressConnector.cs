using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Drover.Sandbox.Egress;

/// <summary>
/// Opens a TCP connection for a sandbox (through the egress proxy) or for <c>web_fetch</c>, after the policy allows the
/// host name and every address it resolves to is public (unless <see cref="EgressOptions.AllowPrivateDestinations"/>).
/// It connects to the address it checked, so a name cannot be re-resolved to somewhere else in between.
/// </summary>
internal sealed partial class EgressConnector(IOptions<SandboxOptions> options, ILogger<EgressConnector> logger)
{
    private readonly EgressOptions _options = options.Value.Egress;

    /// <summary>Where github.com really is (<see cref="GitOptions.GitHubBaseUrl"/>), for the proxy's git authentication.</summary>
    public Uri GitHubBaseUrl { get; } = new(options.Value.Git.GitHubBaseUrl);

    public async Task<Socket> ConnectAsync(NetworkPolicy policy, string host, int port, CancellationToken cancellationToken)
    {
        host = host.Trim().TrimStart('[').TrimEnd(']').TrimEnd('.');
        if (!policy.Enabled)
        {
            throw Refuse(host, "the environment allows no network access");
        }

        if (!policy.Allows(host))
        {
            throw Refuse(host, $"{host} is not among the environment's allowed_hosts");
        }

        if (port is <= 0 or > 65535)
        {
            throw Refuse(host, $"port {port} is not valid");
        }

        var addresses = await ResolveAsync(host, cancellationToken);
        if (addresses.Length == 0)
        {
            throw Refuse(host, $"{host} does not resolve");
        }

        if (!_options.AllowPrivateDestinations && addresses.FirstOrDefault(a => !AddressRanges.IsPublic(a)) is { } inside)
        {
            throw Refuse(host, $"{host} resolves to {inside}, a loopback, private or reserved address");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), timeout.Token);
                return socket;
            }
            catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                socket.Dispose();
                last = e;
            }
        }

        throw new EgressRefusedException($"cannot connect to {host}:{port} ({(last is SocketException s ? s.SocketErrorCode.ToString() : "timed out")})");
    }

    private async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (_options.HostMap.TryGetValue(host, out var mapped))
        {
            return [IPAddress.Parse(mapped)];
        }

        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        try
        {
            return await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException)
        {
            return [];
        }
    }

    private EgressRefusedException Refuse(string host, string reason)
    {
        LogRefused(logger, host, reason);
        return new EgressRefusedException(reason);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Egress to {Host} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string host, string reason);
}
