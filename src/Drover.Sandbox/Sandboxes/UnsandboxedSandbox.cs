using System.Diagnostics;

namespace Drover.Sandbox.Sandboxes;

/// <summary>A shell on the host; its processes are those of its session (setsid made the shell a session leader).</summary>
internal sealed class UnsandboxedSandbox(Process process) : ProcessSandbox(process)
{
    public override Task OnShellReadyAsync(int shellPid, CancellationToken cancellationToken)
    {
        ShellHostPid = shellPid;
        return Task.CompletedTask;
    }

    protected override IEnumerable<int> CommandProcesses() =>
        ProcFs.AllProcesses().Where(p => p != ProcessId && ProcFs.Stat(p)?.Session == ProcessId).ToList();
}
