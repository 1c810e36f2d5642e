using System.Text.Json;
using Drover.Cli.Sessions;
using Spectre.Console;

namespace Drover.Cli.Chat;

/// <summary>
/// Draws a chat's events: the agent's text in full (as it streams when the server sends previews), thinking and status
/// dimmed, each tool call and each result folded to one truncated line. Events the user sent from this chat are not repeated.
/// </summary>
internal sealed class ChatRenderer(IAnsiConsole console)
{
    public const string Prompt = "you> ";

    private readonly Dictionary<string, string> _streamed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _toolNames = new(StringComparer.Ordinal);
    private string? _streaming;

    public void Render(StreamFrame frame, bool sentHere)
    {
        var e = frame.Data;
        if (frame.Type != "event_delta" && _streaming is not null)
        {
            // A preview's text is complete once anything else arrives.
            console.WriteLine();
            _streaming = null;
        }

        switch (frame.Type)
        {
            case "event_start":
                break;
            case "event_delta":
                Delta(e);
                break;
            case "user.message" when !sentHere:
                console.MarkupLineInterpolated($"[blue]user>[/] {EventSummary.Text(e)}");
                break;
            case "agent.message":
                var text = EventSummary.Text(e);
                if (EventSummary.Str(e, "id") is { } id && _streamed.TryGetValue(id, out var shown))
                {
                    // Previews are best-effort (some deltas may be shed): show what the preview missed, if anything.
                    if (text.Length > shown.Length)
                    {
                        console.MarkupLine("[green]agent>[/] " + Markup.Escape(text.StartsWith(shown, StringComparison.Ordinal) ? "…" + text[shown.Length..] : text));
                    }

                    break;
                }

                console.MarkupLine("[green]agent>[/] " + Markup.Escape(text));
                break;
            case "agent.thinking":
                Dim("thinking: " + EventSummary.Describe(e));
                break;
            case "agent.tool_use" or "agent.mcp_tool_use" or "agent.custom_tool_use":
                if (EventSummary.Str(e, "id") is { } useId)
                {
                    _toolNames[useId] = EventSummary.Str(e, "name") ?? "tool";
                }

                console.MarkupLineInterpolated($"[yellow]  ▸ {Fit(EventSummary.ToolUse(e))}[/]");
                if (frame.Type == "agent.custom_tool_use")
                {
                    Dim("  a custom tool: the chat cannot run it; answer with user.custom_tool_result from a client that does.");
                }

                break;
            case "agent.tool_result" or "agent.mcp_tool_result":
                var name = EventSummary.Str(e, "tool_use_id") is { } useOf && _toolNames.TryGetValue(useOf, out var n) ? n : "tool";
                var error = e.TryGetProperty("is_error", out var isError) && isError.ValueKind == JsonValueKind.True;
                var line = Fit($"{name} → {(error ? "error: " : "")}{EventSummary.Text(e)}");
                if (error)
                {
                    console.MarkupLineInterpolated($"[red]  ◂ {line}[/]");
                }
                else
                {
                    console.MarkupLineInterpolated($"[grey]  ◂ {line}[/]");
                }

                break;
            case "session.status_running":
                Dim("… running");
                break;
            case "span.model_request_start":
                Dim("… asking the model");
                break;
            case "span.model_request_end":
                if (EventSummary.Usage(e) is { Length: > 0 } usage)
                {
                    Dim($"  tokens: {usage}");
                }

                break;
            case "user.interrupt":
                Dim("interrupted");
                break;
            case "session.status_rescheduled":
                Dim("… the model is unavailable; retrying");
                break;
            case "session.error":
                console.MarkupLineInterpolated($"[red]error: {EventSummary.Describe(e)}[/]");
                break;
            case "session.status_terminated":
                console.MarkupLine("[red]the session was terminated.[/]");
                break;
            case "session.deleted":
                console.MarkupLine("[red]the session was deleted.[/]");
                break;
        }
    }

    public void AskConfirmation(JsonElement toolUse) =>
        console.MarkupInterpolated($"[yellow bold]Allow {EventSummary.ToolUse(toolUse)}? [[y/n]] [/]");

    public void ShowPrompt() => console.Markup($"[blue]{Prompt}[/]");

    public void Error(string text) => console.MarkupLineInterpolated($"[red]{text}[/]");

    public void Dim(string text) => console.MarkupLineInterpolated($"[grey]{text}[/]");

    // Folded lines stay one line on the terminal: cut to its width (less the indent and marker).
    private string Fit(string text) => EventSummary.Truncate(text, Math.Clamp(console.Profile.Width - 5, 20, EventSummary.MaxLength));

    private void Delta(JsonElement e)
    {
        if (EventSummary.Str(e, "event_id") is not { } id || !e.TryGetProperty("delta", out var delta) || !delta.TryGetProperty("content", out var content))
        {
            return;
        }

        if (_streaming != id)
        {
            console.Markup("[green]agent>[/] ");
            _streaming = id;
            _streamed[id] = "";
        }

        var text = EventSummary.Str(content, "text") ?? "";
        _streamed[id] += text;
        console.Write(text);
    }
}
