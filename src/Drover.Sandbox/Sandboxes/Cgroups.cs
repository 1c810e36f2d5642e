using System.Globalization;

namespace Drover.Sandbox.Sandboxes;

/// <summary>
/// Per-sandbox cgroups for the process and memory limits, where the machine lets the server make them: cgroup v1
/// (<c>pids</c> and <c>memory</c> hierarchies) or cgroup v2 with both controllers delegated. Elsewhere
/// <see cref="Create"/> returns null and the rlimits set by the launcher are the only limits.
/// </summary>
internal sealed class Cgroups
{
    private readonly List<(string Parent, string Limit, Func<SandboxLimits, string> Value)> _hierarchies = [];
    // Process-wide, and the pid in the name: several providers (servers, tests) may share the host's hierarchies.
    private static int s_counter;

    public Cgroups()
    {
        try
        {
            Detect();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _hierarchies.Clear();
        }
    }

    /// <summary>True when sandboxes get cgroups on this machine.</summary>
    public bool Available => _hierarchies.Count > 0;

    /// <summary>How limits are enforced here, for the startup log.</summary>
    public string Description => _hierarchies.Count == 0
        ? "no cgroups (rlimits only)"
        : "cgroups: " + string.Join(", ", _hierarchies.Select(h => h.Limit));

    /// <summary>Creates the cgroups of one sandbox; returns the <c>cgroup.procs</c> files its launcher must join.</summary>
    public CgroupSet? Create(string sessionId, SandboxLimits limits)
    {
        if (_hierarchies.Count == 0)
        {
            return null;
        }

        var name = $"drover-{new string(sessionId.Where(char.IsAsciiLetterOrDigit).Take(40).ToArray())}-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}";
        var created = new List<string>();
        try
        {
            foreach (var (parent, limit, value) in _hierarchies)
            {
                var dir = Path.Combine(parent, name);
                Directory.CreateDirectory(dir);
                created.Add(dir);
                File.WriteAllText(Path.Combine(dir, limit), value(limits));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            new CgroupSet(created).Delete();
            return null;
        }

        return new CgroupSet(created);
    }

    private void Detect()
    {
        var own = File.ReadAllLines("/proc/self/cgroup").Select(l => l.Split(':', 3)).Where(p => p.Length == 3).ToList();
        string? V1(string controller) =>
            own.FirstOrDefault(p => p[1].Split(',').Contains(controller)) is { } line && Directory.Exists($"/sys/fs/cgroup/{controller}")
                ? $"/sys/fs/cgroup/{controller}{line[2]}"
                : null;

        if (V1("pids") is { } pids && V1("memory") is { } memory)
        {
            _hierarchies.Add((pids, "pids.max", l => l.MaxProcesses.ToString(CultureInfo.InvariantCulture)));
            _hierarchies.Add((memory, "memory.limit_in_bytes", l => l.MemoryBytes.ToString(CultureInfo.InvariantCulture)));
        }
        else if (File.Exists("/sys/fs/cgroup/cgroup.controllers") && own.FirstOrDefault(p => p[0] == "0") is { } v2)
        {
            var parent = "/sys/fs/cgroup" + v2[2].TrimEnd('/');
            var enabled = File.ReadAllText(Path.Combine(parent, "cgroup.subtree_control")).Split(' ', StringSplitOptions.TrimEntries);
            if (enabled.Contains("pids") && enabled.Contains("memory"))
            {
                _hierarchies.Add((parent, "pids.max", l => l.MaxProcesses.ToString(CultureInfo.InvariantCulture)));
                _hierarchies.Add((parent, "memory.max", l => l.MemoryBytes.ToString(CultureInfo.InvariantCulture)));
            }
        }

        // Try once that a child cgroup can be made: a read-only cgroupfs (most containers) means no cgroups.
        var probe = Create("probe", new SandboxLimits());
        if (probe is null)
        {
            _hierarchies.Clear();
        }
        else
        {
            probe.Delete();
        }
    }
}
