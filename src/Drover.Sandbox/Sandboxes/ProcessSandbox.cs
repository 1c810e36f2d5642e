using System.Diagnostics;
using System.Text;
using Drover.Sandbox.Native;

namespace Drover.Sandbox.Sandboxes;

/// <summary>
/// What every provider's sandbox shares: one host process whose stdin and stdout carry the shell, a bounded copy of
/// its stderr, and cleanup actions (cgroups, the egress proxy) run when it is disposed.
/// </summary>
internal abstract class ProcessSandbox : ISandbox
{
    private const int MaxDiagnostics = 8 * 1024;
    private readonly StringBuilder _stderr = new();
    private readonly List<Func<ValueTask>> _cleanup = [];
    private int _disposed;

    protected ProcessSandbox(Process process)
    {
        Process = process;
        Process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                if (e.Data is { } line && _stderr.Length < MaxDiagnostics)
                {
                    _stderr.AppendLine(line);
                }
            }
        };
        Process.BeginErrorReadLine();
    }

    protected Process Process { get; }

    public int ProcessId => Process.Id;

    public Stream Input => Process.StandardInput.BaseStream;

    public Stream Output => Process.StandardOutput.BaseStream;

    public string Diagnostics
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString().Trim();
            }
        }
    }

    /// <summary>The host pid of the shell, once known.</summary>
    protected int? ShellHostPid { get; set; }

    public void AddCleanup(Func<ValueTask> cleanup) => _cleanup.Add(cleanup);

    public abstract Task OnShellReadyAsync(int shellPid, CancellationToken cancellationToken);

    /// <summary>Host pids of the sandbox's processes that a command may have started (never the shell, never an init).</summary>
    protected abstract IEnumerable<int> CommandProcesses();

    public int KillCommands()
    {
        // Listing the processes first also finds the shell; it is told (SIGUSR1) to skip what is left of the command
        // before the running part is killed, so `a; sleep 30; b` never runs b (PersistentShell's DEBUG trap).
        var processes = CommandProcesses().ToList();
        if (ShellHostPid is { } shell)
        {
            _ = LinuxNative.kill(shell, LinuxNative.SigUsr1);
        }

        // Freeze first (SIGSTOP), sweeping again while processes appear that the last sweep did not see (forked
        // meanwhile: a fork bomb); a stopped process cannot fork, so this ends. Then kill every one of them.
        var stopped = new HashSet<int>();
        for (var round = 0; round < 50; round++)
        {
            var fresh = processes.Where(p => p != ShellHostPid && !stopped.Contains(p)).ToList();
            if (fresh.Count == 0)
            {
                break;
            }

            foreach (var pid in fresh)
            {
                _ = LinuxNative.kill(pid, LinuxNative.SigStop);
                stopped.Add(pid);
            }

            processes = CommandProcesses().ToList();
        }

        return stopped.Count(pid => LinuxNative.kill(pid, LinuxNative.SigKill) == 0);
    }

    public virtual void Kill()
    {
        foreach (var pid in CommandProcesses())
        {
            _ = LinuxNative.kill(pid, LinuxNative.SigKill);
        }

        try
        {
            Process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Kill();
        using (var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await Process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }

        foreach (var cleanup in _cleanup)
        {
            await cleanup();
        }

        Process.Dispose();
        GC.SuppressFinalize(this);
    }
}
