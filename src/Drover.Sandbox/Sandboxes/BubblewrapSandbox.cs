using System.Diagnostics;
using System.Net;
using Drover.Sandbox.Egress;

namespace Drover.Sandbox.Sandboxes;

/// <summary>
/// A bubblewrap sandbox: the outer <c>bwrap</c> the server started, its init (pid 1 of the sandbox's pid namespace) and
/// everything below it. When the environment allows networking, the egress proxy listens on 127.0.0.1:3128 inside the
/// sandbox's own network namespace, where nothing else can reach it.
/// </summary>
internal sealed class BubblewrapSandbox(Process process, SandboxRequest request, EgressConnector connector, EgressCertificates? certificates = null) : ProcessSandbox(process)
{
    public const int ProxyPort = 3128;
    private int? _init;
    private int _shellPid;
    private string? _namespace;

    public override Task OnShellReadyAsync(int shellPid, CancellationToken cancellationToken)
    {
        _shellPid = shellPid;
        if (request.Network.Enabled)
        {
            // Any process of the sandbox will do: they all share its network namespace.
            var member = ProcFs.FirstChild(ProcessId) ?? throw new InvalidOperationException("the sandbox's processes were not found");
            var listener = NetworkNamespace.ListenInside(member, new IPEndPoint(IPAddress.Loopback, ProxyPort));
            var stop = new CancellationTokenSource();
            var serving = new EgressProxy(connector, request.Network, certificates).ServeAsync(listener, stop.Token);
            AddCleanup(async () =>
            {
                await stop.CancelAsync();
                listener.Dispose();
                await serving;
                stop.Dispose();
            });
        }

        return Task.CompletedTask;
    }

    protected override IEnumerable<int> CommandProcesses()
    {
        var members = Members().Where(p => p != _init).ToList();
        ShellHostPid ??= members.FirstOrDefault(p => ProcFs.InnermostPid(p) == _shellPid) is var shell and not 0 ? shell : null;
        return members;
    }

    /// <summary>Every process in the sandbox's pid namespace, its init included.</summary>
    private List<int> Members()
    {
        if (_namespace is null)
        {
            // bwrap's first child is pid 1 of the new pid namespace.
            if (ProcFs.FirstChild(ProcessId) is not { } init || ProcFs.PidNamespace(init) is not { } ns)
            {
                return [];
            }

            (_init, _namespace) = (init, ns);
        }

        return ProcFs.AllProcesses().Where(p => ProcFs.PidNamespace(p) == _namespace).ToList();
    }
}
