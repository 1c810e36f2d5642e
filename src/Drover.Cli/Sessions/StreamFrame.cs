using System.Text.Json;

namespace Drover.Cli.Sessions;

/// <summary>One frame of a session's event stream: its SSE event type, its data, and its <c>id:</c> (the log sequence; null for previews).</summary>
internal sealed record StreamFrame(string Type, JsonElement Data, string? Id);
