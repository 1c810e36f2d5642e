namespace Drover.Sandbox.Sandboxes;

/// <summary>The cgroup directories of one sandbox.</summary>
internal sealed class CgroupSet(IReadOnlyList<string> directories)
{
    public IEnumerable<string> ProcsFiles => directories.Distinct().Select(d => Path.Combine(d, "cgroup.procs"));

    /// <summary>Removes the directories; the sandbox's processes must be gone (retries briefly while they exit).</summary>
    public void Delete()
    {
        foreach (var dir in directories.Distinct().Reverse())
        {
            for (var attempt = 0; attempt < 20 && Directory.Exists(dir); attempt++)
            {
                try
                {
                    Directory.Delete(dir);
                }
                catch (IOException)
                {
                    Thread.Sleep(25);
                }
            }
        }
    }
}
