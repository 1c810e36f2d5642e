namespace Drover.Sandbox;

/// <summary>Settings of the hands, bound from the <c>Sandbox</c> configuration section.</summary>
public sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    /// <summary>The sandbox provider by name: <c>bubblewrap</c> (default) or <c>unsandboxed</c>.</summary>
    public string Provider { get; set; } = SandboxProviderNames.Bubblewrap;

    /// <summary>Must be true for the <c>unsandboxed</c> provider: commands then run as the server's user on the host.</summary>
    public bool AllowUnsandboxed { get; set; }

    /// <summary>The server's data directory; workspaces live in <c>workspaces/&lt;session id&gt;</c> under it.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>A sandbox with no tool call for this long is stopped; its workspace stays.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The <c>bash</c> timeout when the call gives none.</summary>
    public TimeSpan BashTimeout { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>The longest <c>timeout_ms</c> a call may ask for.</summary>
    public TimeSpan MaxBashTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many characters of one command's output are kept (half from the start, half from the end).</summary>
    public int BashOutputLimit { get; set; } = 1_000_000;

    /// <summary>A result longer than this many characters is written to a file in the workspace; the model gets a preview and the path.</summary>
    public int SpillThreshold { get; set; } = 100_000;

    /// <summary>The longest time from starting a sandbox to its shell answering.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When repositories are cloned and the sandbox started: <c>lazy</c> (default; on the first tool call that needs
    /// them) or <c>eager-blocking</c> (when the session starts running, before its first model call).
    /// </summary>
    public string Provisioning { get; set; } = SandboxProvisioning.Lazy;

    /// <summary>How repository resources are cloned.</summary>
    public GitOptions Git { get; set; } = new();

    /// <summary>Resource limits of each sandbox.</summary>
    public SandboxLimits Limits { get; set; } = new();

    /// <summary>The egress proxy's settings.</summary>
    public EgressOptions Egress { get; set; } = new();

    /// <summary>
    /// The host uid (and gid) sandboxes run as when the server runs as root, so sandbox processes are never host root
    /// and the process limit counts them apart from root's. Default 65534 (<c>nobody</c>).
    /// </summary>
    public int HostUid { get; set; } = 65534;
}
