using System.Globalization;
using System.Text;
using Drover.Hands;

namespace Drover.Sandbox.Tools;

/// <summary><c>write</c>: creates or overwrites a whole file, making its directories.</summary>
internal sealed class WriteTool : IBuiltInToolHandler
{
    public BuiltInTool Definition { get; } = new(
        "write",
        "Writes a file in /workspace, replacing it entirely if it exists and creating missing parent directories. Use "
        + "edit to change part of an existing file. Paths are absolute under /workspace or relative to it; files written "
        + "under /mnt/session/outputs are handed back to the user when the turn ends.",
        ToolSchemas.Parse("""
        {
          "type": "object",
          "properties": {
            "file_path": { "type": "string", "description": "The file to write: /workspace/... or a path relative to /workspace." },
            "content": { "type": "string", "description": "The whole new content of the file." }
          },
          "required": ["file_path", "content"]
        }
        """),
        ReadOnly: false);

    public async Task<ToolOutput> ExecuteAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var (workspace, path) = context.Locate(context.Input.RequiredString("file_path"), "file_path", forWriting: true);
        var content = context.Input.RequiredString("content");
        var existed = workspace.IsDirectory(path.Parent) && File.Exists(workspace.HostPathOf(path));
        var bytes = Encoding.UTF8.GetBytes(content);
        await using (var file = workspace.OpenWrite(path))
        {
            await file.WriteAsync(bytes, cancellationToken);
        }

        return ToolOutput.Text(string.Create(CultureInfo.InvariantCulture, $"{(existed ? "Overwrote" : "Created")} {path} ({bytes.Length:N0} bytes)."));
    }
}
