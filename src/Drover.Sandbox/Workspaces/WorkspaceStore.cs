using Microsoft.Extensions.Options;

namespace Drover.Sandbox.Workspaces;

/// <summary>Where sessions' workspaces live on the host: <c>&lt;data&gt;/workspaces/&lt;session id&gt;</c>.</summary>
internal sealed class WorkspaceStore(IOptions<SandboxOptions> options, int? ownerUid)
{
    public string Root { get; } = Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "workspaces");

    public Workspace For(string sessionId)
    {
        if (sessionId.Length is 0 or > 128 || !sessionId.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new WorkspaceException("The session id cannot name a workspace.");
        }

        if (!Directory.Exists(Root))
        {
            // Searchable but not listable: a sandbox user can reach its own workspace without seeing the others.
            Directory.CreateDirectory(Root);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }

        return new Workspace(Path.Combine(Root, sessionId), ownerUid);
    }

    /// <summary>
    /// The host-only folder of a session's bookkeeping (which repositories were cloned), beside the workspaces and out
    /// of every sandbox's sight. Session ids never start with a dot, so <c>.state</c> names no workspace.
    /// </summary>
    public string StateDirectory(string sessionId)
    {
        For(sessionId);
        return Path.Combine(Root, ".state", sessionId);
    }

    /// <summary>Where clones are made before they are moved into a workspace: on the same file system, reachable by no sandbox.</summary>
    public string StagingRoot => Path.Combine(Root, ".staging");

    /// <summary>
    /// The host folders behind the session's <c>/mnt/session/uploads</c> (files from the Files API, read-only in the
    /// sandbox) and <c>/mnt/session/outputs</c> (writable): <c>.mounts/&lt;session&gt;/uploads</c> and <c>outputs</c>.
    /// The uploads tree belongs to the server, so no sandbox process can change it even where a bind is writable.
    /// </summary>
    public SessionMounts Mounts(string sessionId)
    {
        For(sessionId);
        var parent = Path.Combine(Root, ".mounts");
        if (!Directory.Exists(parent))
        {
            Directory.CreateDirectory(parent);
            if (!OperatingSystem.IsWindows())
            {
                // As for the workspaces: a sandbox user can reach its own session's mounts without listing the others.
                File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
        }

        var root = MountsDirectory(sessionId);
        return new SessionMounts(new Workspace(Path.Combine(root, "uploads"), ownerUid: null), new Workspace(Path.Combine(root, "outputs"), ownerUid));
    }

    private string MountsDirectory(string sessionId) => Path.Combine(Root, ".mounts", sessionId);

    public void Delete(string sessionId)
    {
        var workspace = For(sessionId);
        foreach (var directory in new[] { workspace.HostPath, StateDirectory(sessionId), MountsDirectory(sessionId) })
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
