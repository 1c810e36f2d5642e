using System.Text.Encodings.Web;
using System.Text.Json;
using Drover.Ids;
using Drover.Sessions;

namespace Drover.Storage.Tests;

internal static class TestEvents
{
    // Relaxed escaping so non-ASCII text is stored as raw UTF-8, as the API writes it.
    private static readonly JsonSerializerOptions s_json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string NewSessionId() => DroverIds.New(DroverIds.Session);

    public static NewEvent Message(string text, string type = "user.message")
    {
        var id = DroverIds.New(DroverIds.Event);
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["type"] = type,
            ["id"] = id,
            ["content"] = new[] { new Dictionary<string, string> { ["type"] = "text", ["text"] = text } },
        }, s_json);
        return new NewEvent(id, type, json);
    }

    public static NewEvent[] Messages(int count, string prefix = "m") =>
        Enumerable.Range(0, count).Select(i => Message($"{prefix}{i}")).ToArray();

    public static string TextOf(StoredEvent e) =>
        JsonDocument.Parse(e.Json).RootElement.GetProperty("content")[0].GetProperty("text").GetString()!;
}
