using System.Diagnostics;
using System.Text;

namespace Drover.Sandbox.Sandboxes;

/// <summary>
/// A sandbox launcher process that has joined its cgroups, set its rlimits, and waits on standard input for the
/// command it is to become (<see cref="BecomeAsync"/>): <c>setpriv … bwrap …</c>, one argument per line.
/// </summary>
internal sealed class Launcher(Process process, CgroupSet? cgroups) : IDisposable
{
    public Process Process { get; } = process;

    public CgroupSet? Cgroups { get; } = cgroups;

    public bool IsAlive => !Process.HasExited;

    /// <summary>Sends the command line; the launcher then execs it, and its standard input becomes the sandbox's.</summary>
    public async Task BecomeAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        if (command.FirstOrDefault(a => a.Contains('\n', StringComparison.Ordinal)) is { } bad)
        {
            throw new SandboxStartException($"a sandbox argument holds a line break: {bad.Replace("\n", "\\n", StringComparison.Ordinal)}");
        }

        var text = new StringBuilder().Append(command.Count).Append('\n');
        foreach (var arg in command)
        {
            text.Append(arg).Append('\n');
        }

        var input = Process.StandardInput.BaseStream;
        await input.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), cancellationToken);
        await input.FlushAsync(cancellationToken);
    }

    public void Dispose()
    {
        try
        {
            Process.Kill();
            Process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // Never started or already gone.
        }

        Process.Dispose();
        Cgroups?.Delete();
    }
}

/// <summary>
/// A few launchers started ahead of need, each already in fresh cgroups. Joining a cgroup v1 hierarchy waits for an RCU
/// grace period (10 to 15 ms, docs/sandbox.md), which this takes off the path of a sandbox's start: a start takes a
/// ready launcher and a replacement is made in the background. When none is ready, the start makes its own.
/// </summary>
internal sealed class WarmLaunchers(Func<Task<Launcher>> start, int size) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Queue<Launcher> _ready = new();
    private int _starting;
    private bool _disposed;

    /// <summary>A ready launcher, or null; either way the pool is topped up in the background.</summary>
    public Launcher? Take()
    {
        Launcher? taken = null;
        var dead = new List<Launcher>();
        lock (_gate)
        {
            while (taken is null && _ready.TryDequeue(out var launcher))
            {
                if (launcher.IsAlive)
                {
                    taken = launcher;
                }
                else
                {
                    dead.Add(launcher);
                }
            }
        }

        dead.ForEach(d => d.Dispose());
        Refill();
        return taken;
    }

    /// <summary>Starts launchers in the background until <c>size</c> are ready or starting.</summary>
    public void Refill()
    {
        lock (_gate)
        {
            for (; !_disposed && _ready.Count + _starting < size; _starting++)
            {
                _ = Task.Run(AddOneAsync);
            }
        }
    }

    public void Dispose()
    {
        List<Launcher> ready;
        lock (_gate)
        {
            _disposed = true;
            ready = [.. _ready];
            _ready.Clear();
        }

        ready.ForEach(l => l.Dispose());
    }

    private async Task AddOneAsync()
    {
        Launcher? launcher = null;
        try
        {
            launcher = await start();
        }
        catch (Exception e) when (e is SandboxStartException or InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
        {
            // The next start makes its own launcher and says what is wrong.
        }
        finally
        {
            // Whatever happened, this one is no longer starting (else the pool would wait for it forever).
            lock (_gate)
            {
                _starting--;
                if (launcher is not null && !_disposed)
                {
                    _ready.Enqueue(launcher);
                    launcher = null;
                }
            }

            launcher?.Dispose();
        }
    }
}
