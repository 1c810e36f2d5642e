using System.Globalization;
using System.Text;
using Drover.Hands;

namespace Drover.Sandbox.Tools;

/// <summary><c>edit</c>: exact string replacement in a text file, once (unique) or everywhere (<c>replace_all</c>).</summary>
internal sealed class EditTool : IBuiltInToolHandler
{
    public BuiltInTool Definition { get; } = new(
        "edit",
        "Edits a text file in /workspace by exact string replacement: old_string must appear exactly once (include "
        + "surrounding lines to make it unique) unless replace_all is true, which replaces every occurrence. Whitespace "
        + "and indentation must match exactly. Files up to 256 KiB. Paths are absolute under /workspace or relative to it.",
        ToolSchemas.Parse("""
        {
          "type": "object",
          "properties": {
            "file_path": { "type": "string", "description": "The file to edit: /workspace/... or a path relative to /workspace." },
            "old_string": { "type": "string", "description": "The exact text to replace." },
            "new_string": { "type": "string", "description": "The text to put in its place." },
            "replace_all": { "type": "boolean", "description": "Replace every occurrence instead of requiring exactly one. Default false." }
          },
          "required": ["file_path", "old_string", "new_string"]
        }
        """),
        ReadOnly: false);

    public async Task<ToolOutput> ExecuteAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var (workspace, path) = context.Locate(context.Input.RequiredString("file_path"), "file_path", forWriting: true);
        var oldString = context.Input.RequiredString("old_string");
        var newString = context.Input.RequiredString("new_string");
        var replaceAll = context.Input.OptionalBool("replace_all") ?? false;
        if (oldString.Length == 0)
        {
            throw new ToolInputException("`old_string` must not be empty; use write to create a file.");
        }

        if (oldString == newString)
        {
            throw new ToolInputException("`old_string` and `new_string` are the same; nothing would change.");
        }

        string text;
        await using (var file = workspace.OpenRead(path))
        {
            if (file.Length > ReadTool.MaxTextBytes)
            {
                return ToolOutput.Text(string.Create(CultureInfo.InvariantCulture, $"{path} is {file.Length:N0} bytes, over the 256 KiB edit limit; change it with bash (sed, patch) instead."), isError: true);
            }

            using var reader = new StreamReader(file, Encoding.UTF8);
            text = await reader.ReadToEndAsync(cancellationToken);
        }

        var count = Occurrences(text, oldString);
        if (count == 0)
        {
            return ToolOutput.Text($"old_string was not found in {path}. It must match the file exactly, including whitespace and indentation; read the file to check.", isError: true);
        }

        if (count > 1 && !replaceAll)
        {
            return ToolOutput.Text(string.Create(CultureInfo.InvariantCulture, $"old_string occurs {count} times in {path}, so the edit is ambiguous. Include more surrounding text to make it unique, or set replace_all to true to replace every occurrence."), isError: true);
        }

        var updated = replaceAll ? text.Replace(oldString, newString, StringComparison.Ordinal) : ReplaceFirst(text, oldString, newString);
        await using (var file = workspace.OpenWrite(path))
        {
            await file.WriteAsync(Encoding.UTF8.GetBytes(updated), cancellationToken);
        }

        return ToolOutput.Text(string.Create(CultureInfo.InvariantCulture, $"Edited {path}: replaced {count} occurrence{(count == 1 ? "" : "s")}."));
    }

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string ReplaceFirst(string text, string oldString, string newString)
    {
        var at = text.IndexOf(oldString, StringComparison.Ordinal);
        return string.Concat(text.AsSpan(0, at), newString, text.AsSpan(at + oldString.Length));
    }
}
