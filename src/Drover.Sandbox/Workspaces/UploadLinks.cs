using Drover.Hands;
using Drover.Sandbox.Native;

namespace Drover.Sandbox.Workspaces;

/// <summary>
/// Puts a session's <c>file</c> resources into its uploads folder (<see cref="SessionMounts.Uploads"/>), each at its
/// mount path, as a hard link to the session's copy on the server (a copy when the two are on different file systems).
/// The folder belongs to the server and is bound read-only into the sandbox, so nothing in the sandbox can change it.
/// </summary>
internal static class UploadLinks
{
    public static void Ensure(Workspace uploads, IReadOnlyList<FileMount>? files)
    {
        if (files is null || files.Count == 0)
        {
            return;
        }

        uploads.EnsureExists();
        foreach (var file in files)
        {
            var path = WorkspacePath.Under(SessionMounts.UploadsRoot, file.MountPath, file.MountPath.StartsWith(SessionMounts.UploadsRoot + "/", StringComparison.Ordinal)
                ? file.MountPath[SessionMounts.UploadsRoot.Length..]
                : throw new WorkspaceException($"{file.MountPath} is not under {SessionMounts.UploadsRoot}."));
            if (path.IsRoot || uploads.Exists(path))
            {
                continue;
            }

            if (!File.Exists(file.HostPath))
            {
                throw new WorkspaceException($"The file {file.FileId} to be mounted at {file.MountPath} is missing on the server.");
            }

            uploads.CreateDirectories(path.Parent);
            var target = uploads.HostPathOf(path);
            if (LinuxNative.link(file.HostPath, target) != 0)
            {
                File.Copy(file.HostPath, target);
            }
        }
    }
}
