using System.Net.Sockets;
using System.Text;

namespace Drover.Bench.Harness;

/// <summary>
/// One session's <c>GET /v1/sessions/{id}/events/stream</c> over a bare socket, counting <c>session.status_idle</c>
/// frames so a client knows when its turn ended without polling. Raw bytes, as in the SSE fan-out benchmark: the load
/// generator shares the two cores with the server, so it only looks for the event lines it needs.
/// </summary>
internal sealed class IdleStream : IAsyncDisposable
{
    private static readonly byte[] s_idle = "event: session.status_idle\n"u8.ToArray();
    private static readonly byte[] s_error = "event: session.error\n"u8.ToArray();

    private readonly Socket _socket;
    private readonly SemaphoreSlim _idles = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private int _errors;

    private IdleStream(Socket socket) => _socket = socket;

    /// <summary><c>session.error</c> frames seen (a healthy run has none).</summary>
    public int Errors => Volatile.Read(ref _errors);

    /// <summary>Connects and returns once the response headers arrived, so the stream covers every event appended after that.</summary>
    public static async Task<IdleStream> OpenAsync(Uri baseAddress, string apiKey, string sessionId)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(baseAddress.Host, baseAddress.Port);
        var request = $"GET /v1/sessions/{sessionId}/events/stream HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nAuthorization: Bearer {apiKey}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        var buffer = new byte[16 * 1024];
        var read = await socket.ReceiveAsync(buffer);
        if (read < 12 || !buffer.AsSpan(0, read).StartsWith("HTTP/1.1 200"u8))
        {
            socket.Dispose();
            throw new InvalidOperationException($"The event stream of {sessionId} did not open: {Encoding.ASCII.GetString(buffer, 0, read)}");
        }

        var stream = new IdleStream(socket);
        stream._reader = Task.Run(() => stream.ReadAsync(buffer, read));
        return stream;
    }

    /// <summary>Waits for the next <c>session.status_idle</c> not yet waited for.</summary>
    public async Task WaitForIdleAsync(TimeSpan timeout)
    {
        if (!await _idles.WaitAsync(timeout))
        {
            throw new TimeoutException($"No session.status_idle within {timeout.TotalSeconds:F0} s.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
        _idles.Dispose();
    }

    private async Task ReadAsync(byte[] buffer, int kept)
    {
        try
        {
            while (true)
            {
                var data = buffer.AsSpan(0, kept);
                var idles = Count(data, s_idle, out var consumedIdle);
                var errors = Count(data, s_error, out var consumedError);
                if (errors > 0)
                {
                    Interlocked.Add(ref _errors, errors);
                }

                if (idles > 0)
                {
                    _idles.Release(idles);
                }

                // Keep the unread end, which may hold the start of a marker cut by the read.
                var consumed = Math.Max(consumedIdle, consumedError);
                var tail = Math.Min(kept - consumed, s_idle.Length);
                buffer.AsSpan(kept - tail, tail).CopyTo(buffer);
                kept = tail;
                var read = await _socket.ReceiveAsync(buffer.AsMemory(kept), _stop.Token);
                if (read == 0)
                {
                    return;
                }

                kept += read;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException && _stop.IsCancellationRequested)
        {
        }
    }

    private static int Count(ReadOnlySpan<byte> data, byte[] marker, out int consumed)
    {
        var count = 0;
        consumed = 0;
        while (data[consumed..].IndexOf(marker) is var at and >= 0)
        {
            count++;
            consumed += at + marker.Length;
        }

        return count;
    }
}
