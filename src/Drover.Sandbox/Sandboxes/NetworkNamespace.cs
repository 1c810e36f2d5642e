using System.Net;
using System.Net.Sockets;
using Drover.Sandbox.Native;

namespace Drover.Sandbox.Sandboxes;

/// <summary>
/// Opens a listening socket inside another process's network namespace. Linux keeps the network namespace per
/// thread, so a short-lived dedicated thread joins the namespace with setns(2), creates and binds the socket, and
/// exits; the socket stays in that namespace for its whole life while the server accepts on it from any thread.
/// Needs CAP_SYS_ADMIN (the server runs as root).
/// </summary>
internal static class NetworkNamespace
{
    private const int AtFdCwd = -100;

    public static Socket ListenInside(int pid, IPEndPoint endpoint)
    {
        Socket? listener = null;
        Exception? error = null;
        var thread = new Thread(() =>
        {
            var target = LinuxNative.OpenAt2(AtFdCwd, $"/proc/{pid}/ns/net", LinuxNative.ORdOnly | LinuxNative.OCloExec, 0, 0);
            var own = LinuxNative.OpenAt2(AtFdCwd, "/proc/thread-self/ns/net", LinuxNative.ORdOnly | LinuxNative.OCloExec, 0, 0);
            using var targetHandle = new Microsoft.Win32.SafeHandles.SafeFileHandle(target, target >= 0);
            using var ownHandle = new Microsoft.Win32.SafeHandles.SafeFileHandle(own, own >= 0);
            if (target < 0 || own < 0)
            {
                error = new InvalidOperationException($"cannot open the network namespace of process {pid} (errno {-Math.Min(target, own)})");
                return;
            }

            if (LinuxNative.setns(target, LinuxNative.CloneNewNet) != 0)
            {
                error = new InvalidOperationException(
                    $"cannot enter the sandbox's network namespace (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}); networked sandboxes need the server to run as root (CAP_SYS_ADMIN)");
                return;
            }

            try
            {
                var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(endpoint);
                socket.Listen(64);
                listener = socket;
            }
            catch (SocketException e)
            {
                error = e;
            }
            finally
            {
                // The thread ends right after; going back anyway keeps it harmless should that ever change.
                _ = LinuxNative.setns(own, LinuxNative.CloneNewNet);
            }
        })
        { IsBackground = true, Name = "drover-netns" };
        thread.Start();
        thread.Join();
        return listener ?? throw error!;
    }
}
