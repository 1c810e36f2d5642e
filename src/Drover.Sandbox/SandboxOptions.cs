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

/// <summary>Per-sandbox limits. Rlimits always apply; cgroup limits where the machine lets the server create cgroups.</summary>
public sealed class SandboxLimits
{
    /// <summary>Processes (RLIMIT_NPROC for the sandbox user, and <c>pids.max</c> where cgroups exist).</summary>
    public int MaxProcesses { get; set; } = 512;

    /// <summary>Memory of the whole sandbox (cgroup <c>memory</c> limit; where there are no cgroups, RLIMIT_AS of each process).</summary>
    public long MemoryBytes { get; set; } = 4L << 30;

    /// <summary>Largest file a process may write (RLIMIT_FSIZE); a bigger write is stopped with SIGXFSZ.</summary>
    public long MaxFileSizeBytes { get; set; } = 2L << 30;

    /// <summary>Open files per process (RLIMIT_NOFILE).</summary>
    public int MaxOpenFiles { get; set; } = 4096;

    /// <summary>
    /// Use per-sandbox cgroups for the process and memory limits where the machine allows it (default). Joining cgroup
    /// v1 hierarchies adds about 13 ms to a sandbox's start; without cgroups, memory is bounded per process by RLIMIT_AS.
    /// </summary>
    public bool UseCgroups { get; set; } = true;

    /// <summary>Size of the sandbox's private <c>/tmp</c> (a tmpfs; it counts as memory).</summary>
    public long TmpSizeBytes { get; set; } = 512L << 20;
}

/// <summary>Settings of the egress proxy that networked sandboxes and <c>web_fetch</c> go through.</summary>
public sealed class EgressOptions
{
    /// <summary>
    /// Lets the proxy connect to loopback, private, link-local and other non-public addresses. Off by default: an
    /// allowed host name that resolves to such an address is refused. Tests turn it on to stay on loopback.
    /// </summary>
    public bool AllowPrivateDestinations { get; set; }

    /// <summary>Host names the proxy resolves to fixed addresses instead of asking DNS (like a hosts file).</summary>
    public Dictionary<string, string> HostMap { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long the proxy waits to connect to a destination.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>Names of the sandbox providers, as written in <c>Sandbox:Provider</c>.</summary>
public static class SandboxProviderNames
{
    public const string Bubblewrap = "bubblewrap";
    public const string Unsandboxed = "unsandboxed";
}
