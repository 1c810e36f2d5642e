using System.Collections.Concurrent;
using System.Diagnostics;

namespace Drover.Sandbox.Sandboxes;

/// <summary>
/// Starts sandbox processes from one thread that lives as long as the server. The launcher asks for SIGKILL when its
/// parent dies (<c>setpriv --pdeathsig KILL</c>), so sandboxes die with the server; but Linux ties that signal to the
/// <em>thread</em> that forked the process, and a sandbox forked from a thread-pool thread would be killed whenever the
/// pool retired the thread.
/// </summary>
internal static class LauncherThread
{
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> s_queue = [];

    static LauncherThread()
    {
        var thread = new Thread(() =>
        {
            foreach (var (process, started) in s_queue.GetConsumingEnumerable())
            {
                try
                {
                    process.Start();
                    started.SetResult();
                }
                catch (Exception e)
                {
                    started.SetException(e);
                }
            }
        })
        { IsBackground = true, Name = "drover-sandbox-launcher" };
        thread.Start();
    }

    /// <summary>Starts the process on the launcher thread.</summary>
    public static Task StartAsync(Process process)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        s_queue.Add((process, started));
        return started.Task;
    }
}
