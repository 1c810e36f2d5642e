using System.Globalization;
using System.Text;
using Drover.Hands;
using Drover.Sandbox.Sandboxes;
using Microsoft.Extensions.Options;

namespace Drover.Sandbox.Tools;

/// <summary>
/// <c>bash</c>: one persistent shell per session in its sandbox. The sandbox is provisioned here, on the first call,
/// and again after it died; a timeout or an interrupt kills the command's processes and keeps the shell when it can.
/// </summary>
internal sealed class BashTool(SessionSandboxes sandboxes, IOptions<SandboxOptions> options) : IBuiltInToolHandler
{
    private readonly SandboxOptions _options = options.Value;

    public BuiltInTool Definition { get; } = new(
        "bash",
        "Runs a command in a persistent bash shell in the session's Linux sandbox. The working directory (initially "
        + "/workspace), exported variables and functions persist from one call to the next; files in /workspace persist "
        + "even when the sandbox is replaced. stdout and stderr are returned together, with the exit code when it is not "
        + "zero. Commands get no standard input, so use non-interactive flags (e.g. `apt-get -y`, `git --no-pager`). "
        + "Long output keeps its start and end; output over 100,000 characters is saved to a file whose path is given. "
        + "A command is stopped after timeout_ms (default 120000); use `&` and redirect output for servers and long jobs. "
        + "Set restart to true to start a fresh shell (resets directory and variables). Prefer the read, write, edit, glob "
        + "and grep tools for files.",
        ToolSchemas.Parse("""
        {
          "type": "object",
          "properties": {
            "command": { "type": "string", "description": "The bash command(s) to run." },
            "restart": { "type": "boolean", "description": "Restart the shell instead of (or before) running a command." },
            "timeout_ms": { "type": "integer", "minimum": 0, "description": "Timeout for this call in milliseconds; 0 or omitted means the default of 120000." }
          }
        }
        """),
        ReadOnly: false);

    public async Task<ToolOutput> ExecuteAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var command = context.Input.OptionalString("command");
        var restart = context.Input.OptionalBool("restart") ?? false;
        var timeoutMs = context.Input.OptionalInteger("timeout_ms") ?? 0;
        if (timeoutMs < 0)
        {
            throw new ToolInputException("`timeout_ms` must not be negative.");
        }

        if (string.IsNullOrWhiteSpace(command) && !restart)
        {
            throw new ToolInputException("`command` is required (a string) unless `restart` is true.");
        }

        var timeout = timeoutMs == 0 ? _options.BashTimeout : TimeSpan.FromMilliseconds(Math.Min(timeoutMs, (long)_options.MaxBashTimeout.TotalMilliseconds));
        try
        {
            return await sandboxes.WithShellAsync(
                context.Call.SessionId,
                context.Network,
                restart,
                async shell => string.IsNullOrWhiteSpace(command)
                    ? ToolOutput.Text("The shell was restarted.")
                    : Format(await shell.RunAsync(command, timeout, _options.BashOutputLimit, cancellationToken), timeout, restart),
                cancellationToken);
        }
        catch (SandboxStartException e)
        {
            return ToolOutput.Text($"The sandbox could not be provisioned: {e.Message}", isError: true);
        }
    }

    private static ToolOutput Format(ShellRun run, TimeSpan timeout, bool restarted)
    {
        var text = new StringBuilder(restarted ? "[The shell was restarted.]\n" : "");
        var output = run.Output.TrimEnd('\n');
        text.Append(output.Length == 0 && run.End == ShellRunEnd.Completed ? "(no output)" : output);
        var isError = true;
        switch (run.End)
        {
            case ShellRunEnd.Completed when run.ExitCode == 0:
                isError = false;
                break;
            case ShellRunEnd.Completed:
                text.Append(CultureInfo.InvariantCulture, $"\n\nExit code: {run.ExitCode}{Signal(run.ExitCode!.Value)}");
                break;
            case ShellRunEnd.TimedOut:
                text.Append(CultureInfo.InvariantCulture, $"\n\nThe command timed out after {timeout.TotalSeconds:0.###} s and was stopped (its processes were killed). The shell, its working directory and variables are kept.");
                break;
            case ShellRunEnd.TimedOutSandboxKilled:
                text.Append(CultureInfo.InvariantCulture, $"\n\nThe command timed out after {timeout.TotalSeconds:0.###} s and the shell did not recover, so the sandbox was stopped. The next call starts a fresh shell in /workspace; files there are kept, the working directory and variables are not.");
                break;
            case ShellRunEnd.ShellEnded:
                text.Append("\n\nThe shell ended before the command finished (it exited, or the sandbox died or was killed). The next call starts a fresh sandbox on the same workspace: files in /workspace are kept; the working directory, variables and background processes are not.");
                break;
        }

        return ToolOutput.Text(text.ToString(), isError);
    }

    private static string Signal(int exitCode) => exitCode switch
    {
        137 => " (killed by SIGKILL: a limit such as memory or the process count was hit, or the process was killed)",
        153 => " (killed by SIGXFSZ: the file size limit was hit)",
        152 => " (killed by SIGXCPU: the CPU time limit was hit)",
        > 128 and < 160 => $" (killed by signal {exitCode - 128})",
        _ => "",
    };
}
