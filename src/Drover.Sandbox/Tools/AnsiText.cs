using System.Text.RegularExpressions;

namespace Drover.Sandbox.Tools;

/// <summary>Removes terminal escape sequences (colours, cursor moves, titles) that mean nothing to the model.</summary>
internal static partial class AnsiText
{
    public static string Strip(string text) => text.Contains('\u001b', StringComparison.Ordinal) ? Escapes().Replace(text, "") : text;

    [GeneratedRegex(@"\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])")]
    private static partial Regex Escapes();
}
