using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Drover.FakeModel;

/// <summary>
/// Notices a client that went away while the fake is waiting (a hold or a delay). Kestrel only sees an HTTP/1.1
/// client's FIN when it reads or writes, and after the request body is read it does neither until the app writes,
/// so <c>RequestAborted</c> alone would miss an interrupt during a hold. This polls the socket instead (unless
/// <paramref name="poll"/> is off: then it only waits).
/// </summary>
internal sealed class ClientDisconnectWatch(HttpContext context, TimeProvider timeProvider, bool poll = true)
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(20);

    public Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        WaitAsync(Task.Delay(delay, timeProvider, cancellationToken), cancellationToken);

    /// <summary>Waits for <paramref name="task"/>; throws <see cref="OperationCanceledException"/> when the client goes away first.</summary>
    public async Task WaitAsync(Task task, CancellationToken cancellationToken)
    {
        if (!poll)
        {
            await task.WaitAsync(cancellationToken);
            return;
        }

        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        using var polling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        while (!task.IsCompleted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (socket is not null && IsClosedByPeer(socket))
            {
                throw new OperationCanceledException("The client went away.");
            }

            await Task.WhenAny(task, Task.Delay(s_pollInterval, timeProvider, polling.Token));
        }

        await polling.CancelAsync();
        await task;
    }

    // Readable with nothing to read means the peer closed its side (or reset). Clients do not pipeline requests,
    // so no bytes are expected while a reply is pending.
    private static bool IsClosedByPeer(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            return true;
        }
    }
}
