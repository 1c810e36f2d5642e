using System.Globalization;
using System.Text;
using Drover.Events;
using Drover.Hands;
using Drover.Sandbox.Workspaces;

namespace Drover.Sandbox.Tools;

/// <summary><c>read</c>: a text file's lines, numbered, whole or a range; images and PDFs as content blocks.</summary>
internal sealed class ReadTool : IBuiltInToolHandler
{
    public const long MaxTextBytes = 256 * 1024;
    public const long MaxImageBytes = 5 * 1024 * 1024;
    public const long MaxPdfBytes = 20 * 1024 * 1024;
    public const int MaxLineLength = 2000;

    private static readonly Dictionary<string, string> s_media = new(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".pdf"] = "application/pdf",
    };

    public BuiltInTool Definition { get; } = new(
        "read",
        "Reads a file in /workspace. Text comes back with numbered lines (`     1\\tfirst line`); use view_range "
        + "[start_line, end_line] (1-based, inclusive; end_line -1 means to the end) to read part of a large file. Whole "
        + "reads are limited to 256 KiB; lines over 2000 characters are shortened. PNG, JPEG, GIF and WebP images (up to "
        + "5 MiB) and PDFs (up to 20 MiB) come back as image or document content. Paths are absolute under /workspace or "
        + "relative to it; the session's files are under /mnt/session/uploads (read-only) and its outputs under "
        + "/mnt/session/outputs.",
        ToolSchemas.Parse("""
        {
          "type": "object",
          "properties": {
            "file_path": { "type": "string", "description": "The file to read: /workspace/... or a path relative to /workspace." },
            "view_range": {
              "type": "array", "items": { "type": "integer" }, "minItems": 2, "maxItems": 2,
              "description": "[start_line, end_line], 1-based and inclusive; end_line -1 (or 0) reads to the end of the file."
            }
          },
          "required": ["file_path"]
        }
        """),
        ReadOnly: true);

    public async Task<ToolOutput> ExecuteAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var (workspace, path) = context.Locate(context.Input.RequiredString("file_path"), "file_path");
        var range = context.Input.OptionalRange("view_range");
        if (range is { } r && (r.Start < 1 || (r.End > 0 && r.End < r.Start)))
        {
            throw new ToolInputException("`view_range` must be [start_line, end_line] with start_line >= 1 and end_line >= start_line (or -1 for the end of the file).");
        }

        await using var file = workspace.OpenRead(path);
        if (range is null && s_media.TryGetValue(Path.GetExtension(path.Name), out var media))
        {
            return await ReadMediaAsync(file, path, media, cancellationToken);
        }

        if (range is null && file.Length > MaxTextBytes)
        {
            return ToolOutput.Text(string.Create(CultureInfo.InvariantCulture,
                $"{path} is {file.Length:N0} bytes, more than the 256 KiB a whole read returns. Read part of it with view_range, or search it with grep."), isError: true);
        }

        var head = new byte[Math.Min(8192, Math.Max(1, file.Length))];
        var headLength = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (head.AsSpan(0, headLength).Contains((byte)0))
        {
            return ToolOutput.Text($"{path} looks like a binary file (it contains NUL bytes); it cannot be shown as text.", isError: true);
        }

        file.Position = 0;
        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var (start, end) = range ?? (1, 0);
        var text = new StringBuilder();
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            number++;
            if (number < start)
            {
                continue;
            }

            if (end > 0 && number > end)
            {
                break;
            }

            if (text.Length > MaxTextBytes)
            {
                text.Append(CultureInfo.InvariantCulture, $"[... stopped at line {number - 1}: 256 KiB shown; continue with view_range [{number}, -1] ...]\n");
                break;
            }

            text.Append(CultureInfo.InvariantCulture, $"{number,6}\t");
            text.Append(line.Length > MaxLineLength ? string.Concat(line.AsSpan(0, MaxLineLength), " [... line shortened ...]") : line);
            text.Append('\n');
        }

        if (number == 0)
        {
            return ToolOutput.Text($"{path} is empty.");
        }

        if (text.Length == 0)
        {
            return ToolOutput.Text(string.Create(CultureInfo.InvariantCulture, $"{path} has {number} lines; view_range starts past the end."), isError: true);
        }

        return ToolOutput.Text(text.ToString());
    }

    private static async Task<ToolOutput> ReadMediaAsync(FileStream file, WorkspacePath path, string media, CancellationToken cancellationToken)
    {
        var limit = media == "application/pdf" ? MaxPdfBytes : MaxImageBytes;
        if (file.Length > limit)
        {
            return ToolOutput.Text(string.Create(CultureInfo.InvariantCulture, $"{path} is {file.Length:N0} bytes, over the {limit / (1024 * 1024)} MiB limit for {media}."), isError: true);
        }

        var bytes = new byte[file.Length];
        await file.ReadExactlyAsync(bytes, cancellationToken);
        var source = new ContentSource { Type = ContentSource.Base64Type, MediaType = media, Data = Convert.ToBase64String(bytes) };
        ContentBlock block = media == "application/pdf" ? new DocumentBlock { Source = source, Title = path.Name } : new ImageBlock { Source = source };
        return new ToolOutput([block], false);
    }
}
