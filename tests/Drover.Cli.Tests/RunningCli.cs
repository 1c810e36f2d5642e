using System.Collections.Concurrent;
using System.Diagnostics;

namespace Drover.Cli.Tests;

/// <summary>A <c>drover</c> process that keeps running (<c>sessions tail</c>): its output lines as they come, and a way to stop it.</summary>
internal sealed class RunningCli : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    public RunningCli(ProcessStartInfo start)
    {
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Keep(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(_stderr, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Stdout => [.. _stdout];

    public string Stderr => string.Join(Environment.NewLine, _stderr);

    /// <summary>Waits until stdout holds at least <paramref name="count"/> lines; returns them.</summary>
    public async Task<IReadOnlyList<string>> WaitForLinesAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (_stdout.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline && !_process.HasExited, $"drover wrote {_stdout.Count} of {count} lines (exited: {_process.HasExited}).{Environment.NewLine}stdout:{Environment.NewLine}{string.Join(Environment.NewLine, _stdout)}{Environment.NewLine}stderr:{Environment.NewLine}{Stderr}");
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        return Stdout;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"--- drover stdout ---{Environment.NewLine}{string.Join(Environment.NewLine, _stdout)}{Environment.NewLine}--- drover stderr ---{Environment.NewLine}{Stderr}");
        _process.Dispose();
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
