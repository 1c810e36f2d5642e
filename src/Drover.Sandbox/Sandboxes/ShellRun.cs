namespace Drover.Sandbox.Sandboxes;

/// <summary>One command's result in the persistent shell.</summary>
internal sealed record ShellRun(string Output, bool Truncated, int? ExitCode, ShellRunEnd End, TimeSpan Duration);
