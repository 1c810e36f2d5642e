using Drover.Sandbox.Workspaces;

namespace Drover.Sandbox.Tools;

/// <summary>
/// Lists the files below a workspace directory for glob and grep: depth first, never following a symbolic link into a
/// directory (links are listed as entries but not entered), skipping <c>.git</c>, and stopping after a cap of entries.
/// </summary>
internal static class WorkspaceWalker
{
    public const int MaxEntries = 50_000;

    public sealed record Entry(WorkspacePath Path, FileSystemInfo Info);

    /// <summary>Files (and links) below <paramref name="start"/>; <paramref name="capped"/> is set when the cap stopped the walk.</summary>
    public static List<Entry> Files(Workspace workspace, WorkspacePath start, out bool capped)
    {
        var files = new List<Entry>();
        var pending = new Stack<WorkspacePath>();
        pending.Push(start);
        var seen = 0;
        capped = false;
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(workspace.HostPathOf(dir)).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (++seen > MaxEntries)
                {
                    capped = true;
                    return files;
                }

                var path = dir.Child(entry.Name);
                if (entry is DirectoryInfo && entry.LinkTarget is null)
                {
                    if (entry.Name != ".git")
                    {
                        pending.Push(path);
                    }
                }
                else if (entry is FileInfo || entry.LinkTarget is not null)
                {
                    files.Add(new Entry(path, entry));
                }
            }
        }

        return files;
    }
}
