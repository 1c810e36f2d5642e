namespace Drover.Sandbox.Workspaces;

/// <summary>
/// A path the model gave, checked to name something inside <c>/workspace</c>: absolute under <c>/workspace</c>, or
/// relative to it. <c>..</c> is resolved by name first, so <c>/workspace/a/../b</c> is fine and <c>../x</c> is refused;
/// symbolic links are checked when the file is opened (<see cref="Workspace"/>).
/// </summary>
internal readonly record struct WorkspacePath(string Relative)
{
    public const string Root = "/workspace";

    /// <summary>The path as the sandbox sees it, e.g. <c>/workspace/src/a.cs</c>.</summary>
    public string InSandbox => Relative.Length == 0 ? Root : $"{Root}/{Relative}";

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
                    throw Outside(path);
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part);
        }

        return new WorkspacePath(string.Join('/', parts));
    }

    public WorkspacePath Parent => new(Relative.Contains('/', StringComparison.Ordinal) ? Relative[..Relative.LastIndexOf('/')] : "");

    public string Name => Relative[(Relative.LastIndexOf('/') + 1)..];

    public WorkspacePath Child(string name) => new(IsRoot ? name : $"{Relative}/{name}");

    public override string ToString() => InSandbox;

    private static WorkspaceException Outside(string path) =>
        new($"{path} is outside {Root}; file tools only work inside {Root}.");
}
