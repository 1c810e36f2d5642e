namespace Drover.Cli.Client;

/// <summary>A failure the command explains itself: <see cref="Exception.Message"/> is shown as is, and the command exits with <see cref="ExitCode"/>.</summary>
internal sealed class CliException(int exitCode, string message, string? details = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>More to show under the message (the server's error envelope), or null.</summary>
    public string? Details { get; } = details;
}
