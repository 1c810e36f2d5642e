using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Drover.Hands;
using Drover.Sandbox.Workspaces;

namespace Drover.Sandbox.Tools;

/// <summary><c>grep</c>: lines matching a regular expression in a file or below a directory, with optional context.</summary>
internal sealed class GrepTool : IBuiltInToolHandler
{
    public const int MaxOutput = 100 * 1024;
    public const int MaxContext = 20;
    private const long MaxFileBytes = 20 * 1024 * 1024;

    public BuiltInTool Definition { get; } = new(
        "grep",
        "Searches file contents in /workspace with a regular expression (.NET syntax, like PCRE: `\\bfoo\\(`, `(?i)error`). "
        + "`path` is a file or a directory searched recursively (default /workspace; also /mnt/session/uploads and "
        + "/mnt/session/outputs; .git directories, binary files and "
        + "symbolic links are skipped). Matches come back as `path:line:text`; with context_lines, surrounding lines come "
        + "as `path-line-text` and groups are separated by `--`. Output is limited to 100 KiB and lines to 2000 characters.",
        ToolSchemas.Parse("""
        {
          "type": "object",
          "properties": {
            "pattern": { "type": "string", "description": "The regular expression to search for." },
            "path": { "type": "string", "description": "A file or directory: /workspace/... or relative to /workspace. Default /workspace." },
            "context_lines": { "type": "integer", "minimum": 0, "maximum": 20, "description": "Lines of context to show before and after each match (like grep -C). Default 0." }
          },
          "required": ["pattern"]
        }
        """),
        ReadOnly: true);

    public async Task<ToolOutput> ExecuteAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var pattern = context.Input.RequiredString("pattern");
        var (workspace, root) = context.Locate(context.Input.OptionalString("path") ?? WorkspacePath.Root, "path");
        var contextLines = context.Input.OptionalInteger("context_lines") ?? 0;
        if (contextLines is < 0 or > MaxContext)
        {
            throw new ToolInputException("`context_lines` must be between 0 and 20.");
        }

        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        }
        catch (ArgumentException e)
        {
            throw new ToolInputException($"`pattern` is not a valid regular expression: {e.Message}");
        }

        workspace.EnsureExists();
        var isDirectory = workspace.IsDirectory(root);
        var files = isDirectory
            ? WorkspaceWalker.Files(workspace, root, out _).Where(f => f.Info.LinkTarget is null).Select(f => f.Path).ToList()
            : [root];

        var output = new StringBuilder();
        var matches = 0;
        var truncated = false;
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<string> lines;
            try
            {
                lines = await ReadTextLinesAsync(workspace, file, cancellationToken);
            }
            catch (WorkspaceException) when (isDirectory)
            {
                continue;
            }

            matches += Search(file, lines, regex, (int)contextLines, output);
            if (output.Length > MaxOutput)
            {
                truncated = true;
                break;
            }
        }

        if (matches == 0)
        {
            return ToolOutput.Text($"No matches for {pattern} in {root}.");
        }

        var text = output.Length > MaxOutput ? output.ToString(0, MaxOutput) : output.ToString();
        if (truncated)
        {
            text += "\n[Output cut at 100 KiB; narrow the pattern or the path to see the rest.]";
        }

        return ToolOutput.Text(text.TrimEnd('\n'));
    }

    private static int Search(WorkspacePath file, List<string> lines, Regex regex, int context, StringBuilder output)
    {
        var hits = new List<int>();
        for (var i = 0; i < lines.Count; i++)
        {
            try
            {
                if (regex.IsMatch(lines[i]))
                {
                    hits.Add(i);
                }
            }
            catch (RegexMatchTimeoutException)
            {
            }
        }

        var hitSet = hits.ToHashSet();
        var printedUpTo = -1;
        foreach (var hit in hits)
        {
            var from = Math.Max(hit - context, printedUpTo + 1);
            var to = Math.Min(lines.Count - 1, hit + context);
            if (from > to)
            {
                continue;
            }

            if (context > 0 && printedUpTo >= 0 && from > printedUpTo + 1)
            {
                output.Append("--\n");
            }

            for (var j = from; j <= to; j++)
            {
                var line = lines[j].Length > ReadTool.MaxLineLength ? lines[j][..ReadTool.MaxLineLength] + " [...]" : lines[j];
                var separator = hitSet.Contains(j) ? ':' : '-';
                output.Append(CultureInfo.InvariantCulture, $"{file.InSandbox}{separator}{j + 1}{separator}{line}\n");
            }

            printedUpTo = to;
        }

        return hits.Count;
    }

    private static async Task<List<string>> ReadTextLinesAsync(Workspace workspace, WorkspacePath file, CancellationToken cancellationToken)
    {
        await using var stream = workspace.OpenRead(file);
        if (stream.Length > MaxFileBytes)
        {
            throw new WorkspaceException($"{file} is too large to search.");
        }

        var bytes = new byte[stream.Length];
        await stream.ReadExactlyAsync(bytes, cancellationToken);
        if (bytes.AsSpan(0, Math.Min(bytes.Length, 8192)).Contains((byte)0))
        {
            // Binary files are skipped, as grep -I does.
            return [];
        }

        var lines = Encoding.UTF8.GetString(bytes).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }
}
