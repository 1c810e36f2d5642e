namespace Drover.Sandbox.Repositories;

/// <summary>How one git (or chown) process ended: its exit code and the end of what it printed.</summary>
internal sealed record GitRun(int ExitCode, string Output, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;
}
