using Drover.Hands;
using Drover.Sandbox.Tools;

namespace Drover.Sandbox.Workspaces;

/// <summary>
/// The files sessions left in <c>/mnt/session/outputs</c>, read from the host side with the same confinement as the file
/// tools: symbolic links are not listed, and every open goes through openat2 beneath the outputs folder.
/// </summary>
internal sealed class SessionOutputs(WorkspaceStore workspaces) : ISessionOutputs
{
    public IReadOnlyList<SessionOutputFile> List(string sessionId, int limit)
    {
        var outputs = workspaces.Mounts(sessionId).Outputs;
        if (!Directory.Exists(outputs.HostPath))
        {
            return [];
        }

        return [.. WorkspaceWalker.Files(outputs, new WorkspacePath("", SessionMounts.OutputsRoot), out _)
            .Where(f => f.Info is FileInfo && f.Info.LinkTarget is null)
            .Take(limit)
            .Select(f => new SessionOutputFile(f.Path.Relative, ((FileInfo)f.Info).Length, new DateTimeOffset(f.Info.LastWriteTimeUtc, TimeSpan.Zero)))];
    }

    public Stream OpenRead(string sessionId, string path) =>
        workspaces.Mounts(sessionId).Outputs.OpenRead(WorkspacePath.Under(SessionMounts.OutputsRoot, path, path));
}
