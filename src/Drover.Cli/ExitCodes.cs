namespace Drover.Cli;

/// <summary>The exit codes of the <c>drover</c> command; scripts may rely on them (docs/cli.md lists them).</summary>
internal static class ExitCodes
{
    /// <summary>Done; for <c>drover worker</c> also a shutdown by SIGTERM or Ctrl-C that stopped its item cleanly.</summary>
    public const int Success = 0;

    /// <summary>Anything not covered below: a server error (5xx), an unexpected failure.</summary>
    public const int Failure = 1;

    /// <summary>The input was refused: a bad command line, an unreadable <c>-f</c> file, or a 400/409/413/422 from the server.</summary>
    public const int InvalidInput = 2;

    /// <summary>Missing or bad settings, or (for <c>drover worker</c>) no bubblewrap and no <c>--allow-unsandboxed</c>.</summary>
    public const int InvalidConfiguration = 3;

    /// <summary>The server refused the API key (401) or its permissions (403), or no key was given.</summary>
    public const int AuthenticationFailed = 4;

    /// <summary>The resource named on the command line does not exist (404).</summary>
    public const int NotFound = 5;

    /// <summary>The server could not be reached (connection refused, DNS, timeout).</summary>
    public const int Unreachable = 6;

    /// <summary>The user stopped the command (Ctrl-C), as shells report SIGINT (128 + 2).</summary>
    public const int Interrupted = 130;
}
