namespace Drover.Sandbox.Sandboxes;

/// <summary>Reads process facts from the host's <c>/proc</c>: parents, sessions, pid namespaces.</summary>
internal static class ProcFs
{
    public static IEnumerable<int> AllProcesses()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid))
            {
                yield return pid;
            }
        }
    }

    /// <summary>The parent pid and session id from <c>/proc/&lt;pid&gt;/stat</c>, or null when the process is gone.</summary>
    public static (int Parent, int Session)? Stat(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name is in parentheses and may hold spaces; fields after it are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The pid namespace of the process (the target of <c>/proc/&lt;pid&gt;/ns/pid</c>), or null when gone.</summary>
    public static string? PidNamespace(int pid)
    {
        try
        {
            return new FileInfo($"/proc/{pid}/ns/pid").LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The process's pid in its innermost pid namespace (the last <c>NSpid</c> value), or null when gone.</summary>
    public static int? InnermostPid(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("NSpid:", StringComparison.Ordinal))
                {
                    return int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[^1], System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
        }

        return null;
    }

    public static int? FirstChild(int parent) =>
        AllProcesses().Select(p => (Pid: p, Stat: Stat(p))).FirstOrDefault(p => p.Stat?.Parent == parent) is { Stat: not null } child ? child.Pid : null;
}
