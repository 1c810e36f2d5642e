using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Drover.Sandbox.Tools;

namespace Drover.Sandbox.Sandboxes;

/// <summary>
/// One bash process in a sandbox that runs a session's commands one after another, so the working directory and
/// variables persist. Each command is sent as <c>eval $'…' &lt; /dev/null</c> followed by a marker line carrying a
/// per-shell random nonce and <c>$?</c>; output (stderr merged into stdout) up to the marker is the command's output.
/// </summary>
internal sealed class PersistentShell : IAsyncDisposable
{
    private static readonly TimeSpan s_killGrace = TimeSpan.FromSeconds(2);
    private readonly ISandbox _sandbox;
    private readonly string _prefix;
    private readonly string _nonce;
    private readonly Lock _gate = new();
    private readonly Task _pump;
    private HeadTailBuffer? _sink;
    private TaskCompletionSource<int?>? _done;
    private string _window = "";
    private bool _ended;

    private PersistentShell(ISandbox sandbox)
    {
        _sandbox = sandbox;
        _nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        _prefix = $"\u001eDRV{_nonce}:";
        _pump = Task.Run(PumpAsync);
    }

    public ISandbox Sandbox => _sandbox;

    /// <summary>False once the shell's output has ended or the sandbox was killed.</summary>
    public bool IsAlive
    {
        get
        {
            lock (_gate)
            {
                return !_ended;
            }
        }
    }

    /// <summary>Waits for the sandbox's shell to answer, then lets the provider finish setting up (the egress proxy).</summary>
    public static async Task<PersistentShell> StartAsync(ISandbox sandbox, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var shell = new PersistentShell(sandbox);
        try
        {
            var hello = await shell.SendAsync("exec 2>&1\n" + shell.StopTraps() + shell.Marker("$$"), new HeadTailBuffer(4096), timeout, cancellationToken);
            if (hello.End != ShellRunEnd.Completed || hello.ExitCode is not { } pid)
            {
                var why = sandbox.Diagnostics is { Length: > 0 } d ? d : hello.Output.Trim();
                throw new SandboxStartException(hello.End == ShellRunEnd.ShellEnded
                    ? $"the sandbox exited while starting{(why.Length > 0 ? ": " + why : "")}"
                    : $"the sandbox's shell did not answer within {timeout.TotalSeconds:0.#} s");
            }

            await sandbox.OnShellReadyAsync(pid, cancellationToken);
            return shell;
        }
        catch
        {
            await shell.DisposeAsync();
            throw;
        }
    }

    // The leading assignment (it names the nonce) clears any stop flag left by a stop that raced the end of the previous
    // command (StopTraps). An assignment, not `: nonce`: a command may define a function named `:` (a fork bomb does).
    public Task<ShellRun> RunAsync(string command, TimeSpan timeout, int outputLimit, CancellationToken cancellationToken) =>
        SendAsync($"__drover_run={_nonce}; eval {Quote(command)} < /dev/null\n{Marker("$?")}", new HeadTailBuffer(outputLimit), timeout, cancellationToken);

    public void Kill()
    {
        lock (_gate)
        {
            _ended = true;
        }

        _sandbox.Kill();
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _sandbox.DisposeAsync();
        await _pump;
    }

    private async Task<ShellRun> SendAsync(string script, HeadTailBuffer sink, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var done = new TaskCompletionSource<int?>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_ended)
            {
                return new ShellRun("", false, null, ShellRunEnd.ShellEnded, TimeSpan.Zero);
            }

            (_sink, _done) = (sink, done);
        }

        try
        {
            await _sandbox.Input.WriteAsync(Encoding.UTF8.GetBytes(script), cancellationToken);
            await _sandbox.Input.FlushAsync(cancellationToken);
        }
        catch (IOException)
        {
            // The shell is gone; the pump reports the end of its output.
        }

        using var timeoutSource = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var end = ShellRunEnd.Completed;
        int? code = null;
        try
        {
            code = await done.Task.WaitAsync(linked.Token);
            end = code is null ? ShellRunEnd.ShellEnded : ShellRunEnd.Completed;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // Stop the command at a safe point: kill what it started; the shell itself prints the marker when they die.
            _sandbox.KillCommands();
            if (await Task.WhenAny(done.Task, Task.Delay(s_killGrace, CancellationToken.None)) == done.Task && done.Task.Result is { } c)
            {
                (code, end) = (c, ShellRunEnd.TimedOut);
            }
            else
            {
                Kill();
                end = ShellRunEnd.TimedOutSandboxKilled;
            }

            cancellationToken.ThrowIfCancellationRequested();
        }
        finally
        {
            lock (_gate)
            {
                (_sink, _done) = (null, null);
            }
        }

        sink.TrimFinalNewline();
        return new ShellRun(AnsiText.Strip(sink.ToString()), sink.Truncated, code, end, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Makes a stop stop the whole command, not only its running process: SIGUSR1 (sent by
    /// <see cref="ISandbox.KillCommands"/>) sets a flag, and a DEBUG trap (with <c>extdebug</c>, a failing DEBUG trap
    /// skips the command; <c>functrace</c> carries it into functions) breaks out of the loops it is in and skips every
    /// later command until the marker line, which clears it. The USR1 trap also waits for the killed processes, so their
    /// "Killed" notices land in this command's output, not the next one's (a stop kills every process but the shell, so
    /// nothing else is waited for). The trap costs some microseconds per simple command in loops of builtins; a command
    /// that removes it falls back to killing the sandbox when it does not stop.
    /// </summary>
    private string StopTraps() =>
        "shopt -s extdebug; set -o functrace; trap '__drover_stop=1; wait 2>/dev/null' USR1; "
        + $"trap '[[ $BASH_COMMAND != *{_nonce}* ]] || __drover_stop=; [[ -z $__drover_stop ]] || break 1000 2>/dev/null; [[ -z $__drover_stop ]]' DEBUG\n";

    private string Marker(string status) => $"printf '\\n\\036DRV%s:%s\\036\\n' {_nonce} \"{status}\"\n";

    private async Task PumpAsync()
    {
        var buffer = new byte[64 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        var decoder = Encoding.UTF8.GetDecoder();
        try
        {
            int read;
            while ((read = await _sandbox.Output.ReadAsync(buffer)) > 0)
            {
                var count = decoder.GetChars(buffer, 0, read, chars, 0);
                Feed(new string(chars, 0, count));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
        }

        lock (_gate)
        {
            _ended = true;
            _sink?.Append(_window);
            _window = "";
            _done?.TrySetResult(null);
        }
    }

    private void Feed(string text)
    {
        lock (_gate)
        {
            var pending = _window + text;
            while (true)
            {
                var at = pending.IndexOf(_prefix, StringComparison.Ordinal);
                if (at < 0)
                {
                    // Hold back what could be the start of a marker split across reads.
                    var keep = Math.Min(pending.Length, _prefix.Length - 1);
                    _sink?.Append(pending.AsSpan(0, pending.Length - keep));
                    _window = pending[^keep..];
                    return;
                }

                var end = pending.IndexOf('\u001e', at + _prefix.Length);
                if (end < 0)
                {
                    _sink?.Append(pending.AsSpan(0, at));
                    _window = pending[at..];
                    return;
                }

                _sink?.Append(pending.AsSpan(0, at));
                var ok = int.TryParse(pending.AsSpan(at + _prefix.Length, end - at - _prefix.Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var status);
                _done?.TrySetResult(ok ? status : -1);
                (_sink, _done) = (null, null);
                var next = end + 1 < pending.Length && pending[end + 1] == '\n' ? end + 2 : end + 1;
                pending = pending[next..];
            }
        }
    }

    /// <summary>Quotes text as a bash ANSI-C string (<c>$'…'</c>), which can carry any character.</summary>
    private static string Quote(string text)
    {
        var quoted = new StringBuilder("$'", text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => quoted.Append(@"\\"),
                '\'' => quoted.Append(@"\'"),
                '\n' => quoted.Append(@"\n"),
                < ' ' or '\u007f' => quoted.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('\'').ToString();
    }
}
