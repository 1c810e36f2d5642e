using Drover.Sandbox.Native;
using Microsoft.Win32.SafeHandles;

namespace Drover.Sandbox.Workspaces;

/// <summary>
/// One session's <c>/workspace</c> as the host sees it (<c>&lt;data&gt;/workspaces/&lt;session id&gt;</c>). The file
/// tools work here from the host side, without a sandbox; every open goes through openat2 with RESOLVE_BENEATH, so a
/// path or a symbolic link that leads out of the workspace is refused by the kernel, with no window between check and
/// open even while sandbox processes change the tree.
/// </summary>
internal sealed class Workspace(string hostPath, int? ownerUid)
{
    /// <summary>The workspace directory on the host.</summary>
    public string HostPath { get; } = hostPath;

    /// <summary>The host uid that files written from the host side are given to, so sandbox processes can change them.</summary>
    public int? OwnerUid { get; } = ownerUid;

    public string HostPathOf(WorkspacePath path) => path.IsRoot ? HostPath : Path.Combine(HostPath, path.Relative);

    public void EnsureExists()
    {
        if (!Directory.Exists(HostPath))
        {
            Directory.CreateDirectory(HostPath);
            Chown(HostPath);
        }
    }

    public FileStream OpenRead(WorkspacePath path)
    {
        if (IsDirectory(path))
        {
            throw new WorkspaceException($"{path} is a directory, not a file.");
        }

        // O_NONBLOCK: a FIFO planted by the sandbox must not hang the server; only regular files are read.
        var handle = Open(path, LinuxNative.ORdOnly | LinuxNative.ONonBlock, 0);
        var stream = new FileStream(handle, FileAccess.Read, 1);
        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw new WorkspaceException($"{path} is not a regular file.");
        }

        return stream;
    }

    /// <summary>Opens a file for writing from scratch, creating it and its parent directories when missing.</summary>
    public FileStream OpenWrite(WorkspacePath path)
    {
        EnsureExists();
        if (path.IsRoot || IsDirectory(path))
        {
            throw new WorkspaceException($"{path} is a directory, not a file.");
        }

        CreateDirectories(path.Parent);
        var existed = File.Exists(HostPathOf(path));
        var handle = Open(path, LinuxNative.OWrOnly | LinuxNative.OCreat | LinuxNative.OTrunc | LinuxNative.ONonBlock, Convert.ToUInt64("644", 8));
        if (!existed && OwnerUid is { } uid)
        {
            _ = LinuxNative.fchown((int)handle.DangerousGetHandle(), uid, uid);
        }

        var stream = new FileStream(handle, FileAccess.Write, 1);
        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw new WorkspaceException($"{path} is not a regular file.");
        }

        return stream;
    }

    /// <summary>Creates the directory and its parents, each step confined like a file open.</summary>
    public void CreateDirectories(WorkspacePath directory)
    {
        EnsureExists();
        var current = new WorkspacePath("", directory.Mount);
        foreach (var name in directory.Relative.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            using var parent = Open(current, LinuxNative.OPath | LinuxNative.ODirectory, 0);
            var result = LinuxNative.mkdirat((int)parent.DangerousGetHandle(), name, Convert.ToInt32("755", 8));
            current = current.Child(name);
            if (result == 0)
            {
                if (OwnerUid is { } uid)
                {
                    using var created = Open(current, LinuxNative.ORdOnly | LinuxNative.ODirectory, 0);
                    _ = LinuxNative.fchown((int)created.DangerousGetHandle(), uid, uid);
                }
            }
            else if (System.Runtime.InteropServices.Marshal.GetLastPInvokeError() != LinuxNative.EEXIST)
            {
                throw new WorkspaceException($"Cannot create the directory {current}.");
            }
        }
    }

    /// <summary>True when something (a file, a directory, a symbolic link) has this name; false when nothing has.</summary>
    public bool Exists(WorkspacePath path)
    {
        var fd = TryOpen(path, LinuxNative.OPath | LinuxNative.ONoFollow, 0);
        if (fd >= 0)
        {
            using var handle = new SafeFileHandle(fd, ownsHandle: true);
            return true;
        }

        return -fd == LinuxNative.ENOENT ? false : throw Error(path, -fd);
    }

    /// <summary>
    /// Moves a host directory (outside the workspace, on the same file system) to <paramref name="target"/>, making its
    /// parents first. The parent is opened confined and the rename never replaces anything, so a link planted by the
    /// sandbox cannot send it elsewhere.
    /// </summary>
    public void MoveIn(string hostSource, WorkspacePath target)
    {
        CreateDirectories(target.Parent);
        using var parent = Open(target.Parent, LinuxNative.OPath | LinuxNative.ODirectory, 0);
        if (LinuxNative.renameat2(LinuxNative.AtFdCwd, hostSource, (int)parent.DangerousGetHandle(), target.Name, LinuxNative.RenameNoReplace) != 0)
        {
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            throw errno == LinuxNative.EEXIST ? new WorkspaceException($"{target} already exists.") : Error(target, errno);
        }
    }

    /// <summary>True when the path resolves inside the workspace (following links) to a directory; false when it is missing or a file.</summary>
    public bool IsDirectory(WorkspacePath path)
    {
        var fd = TryOpen(path, LinuxNative.OPath | LinuxNative.ODirectory, 0);
        if (fd >= 0)
        {
            using var handle = new SafeFileHandle(fd, ownsHandle: true);
            return true;
        }

        return -fd is LinuxNative.ENOENT or LinuxNative.ENOTDIR ? false : throw Error(path, -fd);
    }

    private SafeFileHandle Open(WorkspacePath path, ulong flags, ulong mode)
    {
        var fd = TryOpen(path, flags, mode);
        return fd >= 0 ? new SafeFileHandle(fd, ownsHandle: true) : throw Error(path, -fd);
    }

    private int TryOpen(WorkspacePath path, ulong flags, ulong mode)
    {
        var root = LinuxNative.OpenAt2(LinuxNative.AtFdCwd, HostPath, LinuxNative.OPath | LinuxNative.ODirectory | LinuxNative.OCloExec, 0, 0);
        if (root < 0)
        {
            return root == -LinuxNative.ENOSYS ? root : throw new WorkspaceException($"The workspace {WorkspacePath.Root} cannot be opened.");
        }

        using var rootHandle = new SafeFileHandle(root, ownsHandle: true);
        return LinuxNative.OpenAt2(
            root,
            path.IsRoot ? "." : path.Relative,
            flags | LinuxNative.OCloExec,
            mode,
            LinuxNative.ResolveBeneath | LinuxNative.ResolveNoMagicLinks);
    }

    private void Chown(string hostPath)
    {
        if (OwnerUid is { } uid)
        {
            _ = LinuxNative.lchown(hostPath, uid, uid);
        }
    }

    private static WorkspaceException Error(WorkspacePath path, int errno) => errno switch
    {
        LinuxNative.ENOENT => new($"{path} does not exist."),
        LinuxNative.EXDEV or LinuxNative.ELOOP => new($"{path} leads outside {path.Mount ?? WorkspacePath.Root} through a symbolic link; refused."),
        LinuxNative.EISDIR => new($"{path} is a directory, not a file."),
        LinuxNative.ENOTDIR => new($"A part of {path} is not a directory."),
        LinuxNative.EACCES => new($"Permission denied: {path}."),
        LinuxNative.ENXIO => new($"{path} is not a regular file."),
        LinuxNative.ENOSYS => new("This kernel lacks openat2 (Linux 5.6 or later is needed to confine file tools)."),
        _ => new($"{path} cannot be opened (errno {errno})."),
    };
}
