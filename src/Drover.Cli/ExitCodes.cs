namespace Drover.Cli;

/// <summary>The exit codes of the <c>drover</c> command.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int InvalidConfiguration = 3;
}
