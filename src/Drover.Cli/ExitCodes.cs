namespace Drover.Cli;

/// <summary>The exit codes of the <c>drover</c> command.</summary>
internal static class ExitCodes
{
    /// <summary>Done; for <c>drover worker</c> also a shutdown by SIGTERM or Ctrl-C that stopped its item cleanly.</summary>
    public const int Success = 0;
    public const int Failure = 1;

    /// <summary>Missing or bad settings, or (for <c>drover worker</c>) no bubblewrap and no <c>--allow-unsandboxed</c>.</summary>
    public const int InvalidConfiguration = 3;
}
