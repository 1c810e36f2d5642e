using System.Globalization;
using System.Text;
using Drover.Events;
using Drover.Hands;
using Drover.Sandbox.Workspaces;

namespace Drover.Sandbox.Tools;

/// <summary>
/// Keeps tool results within the model's reach: a result whose text exceeds the threshold (100,000 characters by
/// default) is written whole to <c>/workspace/.tool-outputs/&lt;tool use id&gt;.txt</c>, and the model gets the start,
/// the end and the path, so it can read or grep the rest.
/// </summary>
internal static class OutputSpill
{
    public const string Directory = ".tool-outputs";
    private const int PreviewHead = 15_000;
    private const int PreviewTail = 5_000;

    public static async Task<ToolOutput> ApplyAsync(ToolOutput output, Workspace workspace, string toolUseId, int threshold, CancellationToken cancellationToken)
    {
        var texts = output.Content.OfType<TextBlock>().ToList();
        var total = texts.Sum(t => t.Text.Length);
        if (total <= threshold)
        {
            return output;
        }

        var full = string.Join("\n", texts.Select(t => t.Text));
        var name = new string(toolUseId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_').ToArray());
        var path = new WorkspacePath($"{Directory}/{name}.txt");
        await using (var file = workspace.OpenWrite(path))
        {
            await file.WriteAsync(Encoding.UTF8.GetBytes(full), cancellationToken);
        }

        var (head, tail) = (Math.Min(PreviewHead, full.Length / 2), Math.Min(PreviewTail, full.Length / 4));
        var preview = string.Create(CultureInfo.InvariantCulture,
            $"{full[..head]}\n\n[... The output was {full.Length:N0} characters, too long to return whole. It was saved in full to {path}; "
            + $"read it with view_range or search it with grep. Its first {head:N0} and last {tail:N0} characters are shown. ...]\n\n{full[^tail..]}");
        return new ToolOutput([new TextBlock(preview), .. output.Content.Where(b => b is not TextBlock)], output.IsError);
    }
}
