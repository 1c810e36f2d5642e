namespace Drover.Sandbox.Workspaces;

/// <summary>
/// A session's two mounts beside <c>/workspace</c>: <see cref="Uploads"/> at <see cref="UploadsRoot"/> (the session's
/// <c>file</c> resources, read-only) and <see cref="Outputs"/> at <see cref="OutputsRoot"/> (writable; what the session
/// leaves there is indexed into the Files API). File tools reach both through <see cref="Resolve"/>.
/// </summary>
internal sealed record SessionMounts(Workspace Uploads, Workspace Outputs)
{
    public const string UploadsRoot = "/mnt/session/uploads";
    public const string OutputsRoot = "/mnt/session/outputs";

    /// <summary>
    /// The workspace and path a model-given path names: under <see cref="UploadsRoot"/> or <see cref="OutputsRoot"/>, or
    /// else inside <c>/workspace</c> (<see cref="WorkspacePath.Parse"/>). Writing under the uploads is refused.
    /// </summary>
    public (Workspace Workspace, WorkspacePath Path) Resolve(Workspace workspace, string path, string field, bool forWriting = false)
    {
        foreach (var (root, mounted) in new[] { (UploadsRoot, Uploads), (OutputsRoot, Outputs) })
        {
            if (path == root || path.StartsWith(root + "/", StringComparison.Ordinal))
            {
                if (path.Contains('\0', StringComparison.Ordinal))
                {
                    throw new WorkspaceException($"`{field}` contains a NUL character.");
                }

                if (forWriting && mounted == Uploads)
                {
                    throw new WorkspaceException($"{path} is read-only: {UploadsRoot} holds the session's files from the Files API. Write results to {OutputsRoot} or /workspace.");
                }

                mounted.EnsureExists();
                return (mounted, WorkspacePath.Under(root, path, path[root.Length..]));
            }
        }

        return (workspace, WorkspacePath.Parse(path, field));
    }
}
