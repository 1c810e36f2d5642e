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

    public void Delete(string sessionId)
    {
        var workspace = For(sessionId);
        if (Directory.Exists(workspace.HostPath))
        {
            Directory.Delete(workspace.HostPath, recursive: true);
        }
    }
}
