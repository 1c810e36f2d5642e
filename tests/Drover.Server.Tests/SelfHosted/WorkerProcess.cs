using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using Drover.Server.Tests.Harness;

namespace Drover.Server.Tests.SelfHosted;

/// <summary>
/// <c>drover worker</c> as a real child process (<c>dotnet drover.dll worker ...</c>, the runtime in the <c>dotnet</c>
/// process itself, so a signal reaches the worker), with its own workdir. Its output is kept and written to the test's
/// output when it is disposed.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private const int SigTerm = 15;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkerProcess(Process process, string name, DirectoryInfo workdir)
    {
        (_process, Name, Workdir) = (process, name, workdir);
    }

    public string Name { get; }

    public DirectoryInfo Workdir { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>The workspace the worker gives a session (<c>/workspace</c> inside its sandbox).</summary>
    public string Workspace(string sessionId) => Path.Combine(Workdir.FullName, "workspaces", sessionId);

    public static WorkerProcess Start(string name, Uri server, string environmentId, string environmentKey, params string[] extra)
    {
        var workdir = Directory.CreateTempSubdirectory($"drover-{name}-");

        // The sandbox user must reach the workspaces (a temp folder is 0700).
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(workdir.FullName, File.GetUnixFileMode(workdir.FullName) | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "drover.dll"));
        foreach (var argument in new[] { "worker", "--base-url", server.ToString(), "--environment-id", environmentId, "--workdir", workdir.FullName }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }

        // The key through the environment, as the help recommends; nothing else of the test's may leak in.
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("DROVER_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }

        start.Environment["DROVER_ENVIRONMENT_KEY"] = environmentKey;
        var worker = new WorkerProcess(new Process { StartInfo = start }, name, workdir);
        worker._process.OutputDataReceived += (_, e) => worker.Collect(e.Data);
        worker._process.ErrorDataReceived += (_, e) => worker.Collect(e.Data);
        worker._process.Start();
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGTERM: the worker winds down (grace for the running call, stops its item) and exits.</summary>
    public void Terminate()
    {
        if (SendSignal(Id, SigTerm) != 0)
        {
            throw new InvalidOperationException($"kill({Id}, SIGTERM) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        Collect($"[test] {Name} (pid {Id}) sent SIGTERM at {DateTimeOffset.UtcNow:HH:mm:ss.fff}");
    }

    /// <summary>SIGKILL: no grace, no stop, no result; returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Collect($"[test] {Name} (pid {Id}) SIGKILLed at {DateTimeOffset.UtcNow:HH:mm:ss.fff}");
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"{Name} did not exit within {timeout.TotalSeconds} s:{Environment.NewLine}{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Waits until the session's turn ends (<c>end_turn</c>), failing with the workers' output after 45 s.</summary>
    public static async Task<List<JsonElement>> WaitForEndTurnAsync(Turns turns, string sessionId, params WorkerProcess[] workers)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        while (true)
        {
            var events = await turns.EventsAsync(sessionId);
            if (events.Any(e => Turns.Type(e) == "session.status_idle" && e.GetProperty("stop_reason").GetProperty("type").GetString() == "end_turn"))
            {
                return events;
            }

            Assert.True(DateTime.UtcNow < deadline, $"The turn did not end; events: {string.Join(", ", Turns.Types(events))}{Environment.NewLine}{string.Join(Environment.NewLine, workers.Select(w => w.Output))}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"--- {Name} output ---{Environment.NewLine}{Output}");
        _process.Dispose();
        Workdir.Delete(recursive: true);
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    // DllImport, not LibraryImport: the generated stub would need AllowUnsafeBlocks, and two ints marshal as they are.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
