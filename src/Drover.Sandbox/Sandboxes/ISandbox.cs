namespace Drover.Sandbox.Sandboxes;

/// <summary>
/// A running sandbox whose main process is a shell reading commands on <see cref="Input"/> and writing output on
/// <see cref="Output"/>. Disposing it kills every process in it.
/// </summary>
internal interface ISandbox : IAsyncDisposable
{
    /// <summary>The host pid of the process the server started (for bubblewrap, the outer <c>bwrap</c>).</summary>
    int ProcessId { get; }

    Stream Input { get; }

    Stream Output { get; }

    /// <summary>Called once the shell answered, with its pid as the shell itself sees it (<c>$$</c>).</summary>
    Task OnShellReadyAsync(int shellPid, CancellationToken cancellationToken);

    /// <summary>
    /// Stops the running command: signals the shell (SIGUSR1) to skip the rest of it, kills (SIGKILL) every other
    /// process of the sandbox, and returns how many were killed.
    /// </summary>
    int KillCommands();

    /// <summary>Kills every process of the sandbox now.</summary>
    void Kill();

    /// <summary>Whatever the sandbox launcher wrote on its error stream (for diagnosing a failed start).</summary>
    string Diagnostics { get; }
}
