using System.Text.Json;
using Spectre.Console;

namespace Drover.Cli.Output;

/// <summary>
/// Where a client command writes. With <c>--json</c>, stdout carries only JSON (<see cref="WriteJson"/>) and everything
/// meant for a person (<see cref="Human"/>) goes to stderr; without it, results are drawn on stdout. Progress, warnings and
/// errors always go to stderr (<see cref="Status"/>), so a pipe never sees them.
/// </summary>
internal sealed class CliOutput(IAnsiConsole stdout, IAnsiConsole stderr, TextWriter json, bool isJson)
{
    private static readonly JsonSerializerOptions s_indented = new() { WriteIndented = true };

    public bool IsJson { get; } = isJson;

    /// <summary>The console for results a person reads: stdout, or stderr under <c>--json</c>.</summary>
    public IAnsiConsole Human => IsJson ? stderr : stdout;

    /// <summary>The console for progress and messages: always stderr.</summary>
    public IAnsiConsole Status => stderr;

    public static CliOutput ForConsole(bool isJson) =>
        new(Create(Console.Out, Console.IsOutputRedirected), Create(Console.Error, Console.IsErrorRedirected), Console.Out, isJson);

    /// <summary>Writes one JSON value to stdout: indented for a terminal, one line when piped (so lists of lines stay JSON lines).</summary>
    public void WriteJson(JsonElement value)
    {
        json.WriteLine(Console.IsOutputRedirected ? value.GetRawText() : JsonSerializer.Serialize(value, s_indented));
        json.Flush();
    }

    /// <summary>Writes one JSON value as one line (JSON lines for tail and export).</summary>
    public void WriteJsonLine(JsonElement value)
    {
        json.WriteLine(JsonSerializer.Serialize(value));
        json.Flush();
    }

    public void Error(string message, string? details = null)
    {
        stderr.MarkupLine($"[red]drover:[/] {Markup.Escape(message)}");
        if (details is not null)
        {
            stderr.WriteLine(details);
        }
    }

    public void Info(string message) => stderr.MarkupLine($"[grey]{Markup.Escape(message)}[/]");

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),

            // Piped output has no colours or cursor tricks, so tests and scripts read plain text.
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
        });
        if (redirected)
        {
            // A pipe has no width: wide enough that ids and timestamps are not wrapped.
            console.Profile.Width = 240;
        }

        return console;
    }
}
