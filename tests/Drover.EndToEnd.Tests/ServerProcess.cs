using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Drover.EndToEnd.Tests;

/// <summary>
/// <c>drover serve</c> as a real child process: <c>dotnet drover.dll</c> runs the server in the <c>dotnet</c> process
/// itself (the host loads the runtime in-process, no child), so <see cref="KillAsync"/> SIGKILLs the server. It listens on a
/// port the kernel picks (<c>--urls http://127.0.0.1:0</c>), read back from its "Now listening on" line, so no port is
/// guessed. Its output is kept (the last lines) and written to the test's output when it is disposed.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    public const string AdminApiKey = "sk-drover-e2e-admin-0123456789abcdef";

    private const int KeptLines = 300;

    // Linux signal numbers (x64 and arm64 alike); .NET has no API for SIGSTOP/SIGCONT.
    private const int SigStop = 19;
    private const int SigCont = 18;
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(45);

    private readonly Process _process;
    private readonly string _name;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process, string name)
    {
        _process = process;
        _name = name;
    }

    /// <summary>The process id: the server itself, the pid in its lease holder names (<c>machine/pid/...</c>).</summary>
    public int Id => _process.Id;

    public Uri BaseAddress { get; private set; } = null!;

    public bool HasExited => _process.HasExited;

    /// <summary>The server's recent output lines (stdout and stderr), for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts <c>drover serve --urls http://127.0.0.1:0</c> with <paramref name="arguments"/> and waits until it answers <c>/health</c>.</summary>
    public static async Task<ServerProcess> StartAsync(string name, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "drover.dll"));
        start.ArgumentList.Add("serve");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add($"--DROVER_ADMIN_API_KEY={AdminApiKey}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        start.ArgumentList.Add("--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");
        start.ArgumentList.Add("--Logging:LogLevel:Drover=Information");
        start.ArgumentList.Add("--Logging:Console:FormatterName=simple");
        start.ArgumentList.Add("--Logging:Console:FormatterOptions:SingleLine=true");
        start.ArgumentList.Add("--Logging:Console:FormatterOptions:TimestampFormat=HH:mm:ss.fff ");

        // The server reads its configuration from the environment too: nothing of the test's own may leak in.
        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("DROVER_", StringComparison.Ordinal) || k.StartsWith("ANTHROPIC_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }

        var server = new ServerProcess(new Process { StartInfo = start }, name);
        server._process.OutputDataReceived += (_, e) => server.Collect(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Collect(e.Data);
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>An HTTP client for the API, sending the admin key.</summary>
    public HttpClient CreateClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("x-api-key", AdminApiKey);
        client.DefaultRequestHeaders.Add("anthropic-version", "2023-06-01");
        client.DefaultRequestHeaders.Add("anthropic-beta", "managed-agents-2026-04-01");
        return client;
    }

    /// <summary>SIGKILL (Process.Kill on Unix): no shutdown, no lease release, no flush; returns once the process is gone.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Collect($"[test] {_name} (pid {Id}) SIGKILLed at {DateTimeOffset.UtcNow:HH:mm:ss.fff}");
    }

    /// <summary>SIGSTOP: the process freezes at once with its connections and lease held, as a stalled (not dead) instance would.</summary>
    public void Pause() => Signal(SigStop);

    /// <summary>SIGCONT: a paused process carries on where it stopped, unaware of the time that passed.</summary>
    public void Resume() => Signal(SigCont);

    /// <summary>Waits until the server writes a line containing <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{_name} did not write \"{text}\" within {timeout.TotalSeconds} s:{Environment.NewLine}{Output}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                await _process.WaitForExitAsync(CancellationToken.None);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"--- {_name} output ---{Environment.NewLine}{Output}");
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_startTimeout);
        var exited = _process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(_listening.Task, exited);
        if (first != _listening.Task)
        {
            throw new InvalidOperationException(_process.HasExited
                ? $"{_name} exited with code {_process.ExitCode} before listening:{Environment.NewLine}{Output}"
                : $"{_name} did not listen within {s_startTimeout.TotalSeconds} s:{Environment.NewLine}{Output}");
        }

        BaseAddress = await _listening.Task;
        using var http = new HttpClient { BaseAddress = BaseAddress };
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/health", timeout.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    private void Signal(int signal)
    {
        if (SendSignal(Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        Collect($"[test] {_name} (pid {Id}) sent signal {signal} at {DateTimeOffset.UtcNow:HH:mm:ss.fff}");
    }

    // DllImport, not LibraryImport: the generated stub would need AllowUnsafeBlocks, and two ints marshal as they are.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
