namespace Drover.Sandbox.Workspaces;

/// <summary>
/// A path the model gave, checked to name something inside <c>/workspace</c>: absolute under <c>/workspace</c>, or
/// relative to it. <c>..</c> is resolved by name first, so <c>/workspace/a/../b</c> is fine and <c>../x</c> is refused;
/// symbolic links are checked when the file is opened (<see cref="Workspace"/>). <paramref name="Mount"/> names the
/// sandbox folder the path is relative to when it is not <c>/workspace</c> (a session mount such as
/// <c>/mnt/session/outputs</c>).
/// </summary>
internal readonly record struct WorkspacePath(string Relative, string? Mount = null)
{
    public const string Root = "/workspace";

    /// <summary>The path as the sandbox sees it, e.g. <c>/workspace/src/a.cs</c>.</summary>
    public string InSandbox => Relative.Length == 0 ? Mount ?? Root : $"{Mount ?? Root}/{Relative}";

    public bool IsRoot => Relative.Length == 0;

    public static WorkspacePath Parse(string path, string field)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new WorkspaceException($"`{field}` is empty.");
        }

        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw new WorkspaceException($"`{field}` contains a NUL character.");
        }

        string rest;
        if (path.StartsWith('/'))
        {
            if (path != Root && !path.StartsWith(Root + "/", StringComparison.Ordinal))
            {
                throw Outside(path);
            }

            rest = path[Root.Length..];
        }
        else
        {
            rest = path;
        }

        return Normalize(path, rest, null);
    }

    /// <summary>A path below the sandbox folder <paramref name="mount"/>; <paramref name="rest"/> is what follows it.</summary>
    public static WorkspacePath Under(string mount, string path, string rest) => Normalize(path, rest, mount);

    private static WorkspacePath Normalize(string path, string rest, string? mount)
    {
        var parts = new List<string>();
        foreach (var part in rest.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    throw mount is null ? Outside(path) : new WorkspaceException($"{path} leaves {mount}; refused.");
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return new WorkspacePath(string.Join('/', parts), mount);
    }

    public WorkspacePath Parent => new(Relative.Contains('/', StringComparison.Ordinal) ? Relative[..Relative.LastIndexOf('/')] : "", Mount);

    public string Name => Relative[(Relative.LastIndexOf('/') + 1)..];

    public WorkspacePath Child(string name) => new(IsRoot ? name : $"{Relative}/{name}", Mount);

    public override string ToString() => InSandbox;

    private static WorkspaceException Outside(string path) =>
        new($"{path} is outside {Root}; file tools only work inside {Root}.");
}
