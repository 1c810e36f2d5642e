using System.Text.Encodings.Web;
using System.Text.Json;

namespace Drover.Cli.Sessions;

/// <summary>One line about an event, for people: what happened, with long text and tool inputs/outputs cut to fit.</summary>
internal static class EventSummary
{
    public const int MaxLength = 100;

    // For people: '&' and non-ASCII text as they are, not \u escapes (the server escapes them for HTML safety).
    private static readonly JsonSerializerOptions s_readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Describe(JsonElement e) => Str(e, "type") switch
    {
        "user.message" or "agent.message" or "system.message" => Truncate(Text(e)),
        "agent.thinking" => Truncate(Str(e, "thinking") ?? Text(e)),
        "agent.tool_use" or "agent.mcp_tool_use" or "agent.custom_tool_use" => ToolUse(e),
        "agent.tool_result" or "agent.mcp_tool_result" or "user.custom_tool_result" or "user.tool_result" =>
            (Bool(e, "is_error") ? "error: " : "") + Truncate(Text(e)),
        "user.tool_confirmation" => $"{Str(e, "result")} {Str(e, "tool_use_id")}" + (Str(e, "deny_message") is { } why ? $": {why}" : ""),
        "session.status_idle" => "stop_reason: " + (e.TryGetProperty("stop_reason", out var r) && r.ValueKind == JsonValueKind.Object ? Str(r, "type") : "-"),
        "session.error" => Truncate(e.TryGetProperty("error", out var err) ? Str(err, "message") ?? err.GetRawText() : ""),
        "span.model_request_end" => Usage(e),
        "session.usage" => Usage(e),
        _ => "",
    };

    /// <summary><c>bash(command: "ls -la")</c>: the tool and its input on one line.</summary>
    public static string ToolUse(JsonElement e)
    {
        var name = Str(e, "name") ?? "tool";
        var input = e.TryGetProperty("input", out var i) ? JsonSerializer.Serialize(i, s_readable) : "{}";
        return Truncate($"{name} {input}");
    }

    /// <summary>The text blocks of the event's <c>content</c>, joined.</summary>
    public static string Text(JsonElement e)
    {
        if (!e.TryGetProperty("content", out var content))
        {
            return "";
        }

        if (content.ValueKind == JsonValueKind.String)
        {
            return content.GetString()!;
        }

        return content.ValueKind != JsonValueKind.Array
            ? ""
            : string.Join("", content.EnumerateArray().Where(b => Str(b, "type") == "text").Select(b => Str(b, "text")));
    }

    public static string Truncate(string text, int max = MaxLength)
    {
        var line = text.ReplaceLineEndings(" ⏎ ").Trim();
        return line.Length <= max ? line : line[..(max - 1)] + "…";
    }

    public static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static bool Bool(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    /// <summary>The token counts of a <c>span.model_request_end</c> or <c>session.usage</c>, the zeros left out.</summary>
    public static string Usage(JsonElement e)
    {
        var usage = e.TryGetProperty("model_usage", out var u) ? u : e.TryGetProperty("usage", out u) ? u : e;
        return usage.ValueKind != JsonValueKind.Object
            ? ""
            : string.Join(" ", usage.EnumerateObject()
                .Where(p => p.Value.ValueKind == JsonValueKind.Number && p.Value.GetRawText() != "0")
                .Select(p => $"{p.Name.Replace("_tokens", "", StringComparison.Ordinal)}={p.Value.GetRawText()}"));
    }
}
