namespace Drover.Sandbox;

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
    /// v1 hierarchies costs 10 to 15 ms (an RCU grace period), paid ahead by <see cref="WarmLaunchers"/>; without
    /// cgroups, memory is bounded per process by RLIMIT_AS.
    /// </summary>
    public bool UseCgroups { get; set; } = true;

    /// <summary>
    /// Sandbox launchers kept started, each already in its cgroups, so that a sandbox's start does not wait for the
    /// cgroup join (0: none; only with cgroups).
    /// </summary>
    public int WarmLaunchers { get; set; } = 2;

    /// <summary>Size of the sandbox's private <c>/tmp</c> (a tmpfs; it counts as memory).</summary>
    public long TmpSizeBytes { get; set; } = 512L << 20;
}
