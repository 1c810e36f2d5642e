using System.Globalization;
using System.Text;
using Drover.Hands;
using Drover.Sandbox.Workspaces;

namespace Drover.Sandbox.Tools;

/// <summary><c>glob</c>: files whose path matches a doublestar pattern, newest first.</summary>
internal sealed class GlobTool : IBuiltInToolHandler
{
    public const int MaxResults = 200;

    public BuiltInTool Definition { get; } = new(
        "glob",
        "Finds files in /workspace by name pattern, newest first (by modification time). Patterns use doublestar syntax: "
        + "`*` matches within one directory, `**` across directories, `?` one character, `[abc]` and `{a,b}` alternatives "
        + "(e.g. `**/*.cs`, `src/**/test_*.py`, `*.{json,yaml}`). The pattern is matched against paths relative to `path` "
        + "(default /workspace; /mnt/session/uploads and /mnt/session/outputs work too). At most 200 results; .git "
        + "directories are skipped and symbolic links are not followed.",
        ToolSchemas.Parse("""
        {
          "type": "object",
          "properties": {
            "pattern": { "type": "string", "description": "The doublestar pattern, e.g. **/*.ts." },
            "path": { "type": "string", "description": "The directory to search from: /workspace/... or relative to /workspace. Default /workspace." }
          },
          "required": ["pattern"]
        }
        """),
        ReadOnly: true);

    public Task<ToolOutput> ExecuteAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var pattern = context.Input.RequiredString("pattern");
        var (workspace, root) = context.Locate(context.Input.OptionalString("path") ?? WorkspacePath.Root, "path");
        if (pattern.StartsWith('/'))
        {
            // An absolute pattern is taken relative to /workspace (and must be inside it).
            pattern = pattern == WorkspacePath.Root || pattern.StartsWith(WorkspacePath.Root + "/", StringComparison.Ordinal)
                ? pattern[WorkspacePath.Root.Length..].TrimStart('/')
                : throw new WorkspaceException($"{pattern} is outside {WorkspacePath.Root}; glob only searches inside {WorkspacePath.Root}.");
            (workspace, root) = (context.Workspace, new WorkspacePath(""));
        }

        if (pattern.Length == 0)
        {
            throw new ToolInputException("`pattern` is empty.");
        }

        workspace.EnsureExists();
        if (!workspace.IsDirectory(root))
        {
            return Task.FromResult(ToolOutput.Text($"{root} is not a directory.", isError: true));
        }

        var matcher = new DoublestarPattern(pattern);
        var prefix = root.IsRoot ? 0 : root.Relative.Length + 1;
        var matches = WorkspaceWalker.Files(workspace, root, out var capped)
            .Where(f => matcher.IsMatch(f.Path.Relative[prefix..]))
            .OrderByDescending(f => f.Info.LastWriteTimeUtc)
            .ThenBy(f => f.Path.Relative, StringComparer.Ordinal)
            .ToList();

        if (matches.Count == 0)
        {
            return Task.FromResult(ToolOutput.Text($"No files under {root} match {pattern}.{(capped ? " (The search stopped after 50,000 entries.)" : "")}"));
        }

        var text = new StringBuilder();
        foreach (var match in matches.Take(MaxResults))
        {
            text.Append(match.Path.InSandbox).Append('\n');
        }

        if (matches.Count > MaxResults)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{matches.Count - MaxResults} more matches not shown; {matches.Count} in all. Narrow the pattern or the path.]\n");
        }

        if (capped)
        {
            text.Append("[The search stopped after 50,000 entries; some files were not examined.]\n");
        }

        return Task.FromResult(ToolOutput.Text(text.ToString().TrimEnd('\n')));
    }
}
