using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Drover.Cli.Tests;

/// <summary>
/// A <c>drover</c> process on a pseudo-terminal, as a person runs it: <c>script</c> (util-linux) gives it a pty, the test
/// types into the pty (keys like Ctrl-C go through the terminal's line discipline, which turns <c>\x03</c> into SIGINT),
/// and reads the screen output with colours and cursor codes removed.
/// </summary>
internal sealed partial class PseudoTerminal : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _screen = new();
    private readonly Task _reading;
    private int _searchFrom;

    public PseudoTerminal(ProcessStartInfo drover)
    {
        // script runs the command with `sh -c`; exec so SIGINT reaches drover alone and script returns its exit code (-e).
        var command = "exec " + string.Join(' ', new[] { drover.FileName }.Concat(drover.ArgumentList).Select(Quote));
        var start = new ProcessStartInfo("script")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = drover.WorkingDirectory,
        };
        foreach (var argument in new[] { "-q", "-e", "-f", "-c", command, "/dev/null" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (name, value) in drover.Environment)
        {
            start.Environment[name] = value;
        }

        start.Environment["TERM"] = "xterm";
        start.Environment["COLUMNS"] = "200";
        _process = Process.Start(start)!;
        _reading = ReadAsync();
    }

    /// <summary>Everything on the screen so far, without escape codes.</summary>
    public string Screen
    {
        get
        {
            lock (_screen)
            {
                return Plain(_screen.ToString());
            }
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Types <paramref name="keys"/> (a line needs its "\r", Ctrl-C is "\x03", Ctrl-D "\x04").</summary>
    public async Task TypeAsync(string keys)
    {
        await _process.StandardInput.WriteAsync(keys);
        await _process.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Waits until <paramref name="text"/> appears on the screen after what earlier waits found; returns the screen from there.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var screen = Screen;
            var at = screen.IndexOf(text, Math.Min(_searchFrom, screen.Length), StringComparison.Ordinal);
            if (at >= 0)
            {
                var seen = screen[_searchFrom..(at + text.Length)];
                _searchFrom = at + text.Length;
                return seen;
            }

            Assert.True(DateTime.UtcNow < deadline, $"\"{text}\" did not appear on the terminal (exited: {_process.HasExited}):{Environment.NewLine}{screen[Math.Min(_searchFrom, screen.Length)..]}{Environment.NewLine}--- whole screen ---{Environment.NewLine}{screen}");
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout);
        await _process.WaitForExitAsync(cts.Token);
        await _reading;
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"--- terminal ---{Environment.NewLine}{Screen}");
        _process.Dispose();
    }

    private async Task ReadAsync()
    {
        var buffer = new char[4096];
        int read;
        while ((read = await _process.StandardOutput.ReadAsync(buffer, CancellationToken.None)) > 0)
        {
            lock (_screen)
            {
                _screen.Append(buffer, 0, read);
            }
        }
    }

    private static string Plain(string raw) => Escapes().Replace(raw, "").Replace("\r", "", StringComparison.Ordinal);

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    // CSI sequences (colours, cursor moves), OSC sequences, and single-character escapes.
    [GeneratedRegex(@"\x1B\[[0-?]*[ -/]*[@-~]|\x1B\][^\x07]*(\x07|\x1B\\)|\x1B[@-Z\\-_=>]")]
    private static partial Regex Escapes();
}
