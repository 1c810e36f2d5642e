namespace Drover.Sandbox.Sandboxes;

/// <summary>How a command in the persistent shell ended.</summary>
internal enum ShellRunEnd
{
    /// <summary>The command finished; <see cref="ShellRun.ExitCode"/> is its status.</summary>
    Completed,

    /// <summary>The timeout passed; the command's processes were killed and the shell lives on.</summary>
    TimedOut,

    /// <summary>The timeout passed and the shell itself did not come back (a loop in the shell); the sandbox was killed.</summary>
    TimedOutSandboxKilled,

    /// <summary>The shell's output ended first: it exited, or the sandbox died or was killed.</summary>
    ShellEnded,
}
