using System.Buffers;
using System.Text;
using System.Text.Json;
using Drover.Resources;
using Drover.Server.Api;

namespace Drover.Server.Sessions;

/// <summary>Reads and writes session documents, and turns a stored one into a response.</summary>
internal static class SessionJson
{
    public static string Serialize(SessionDocument document) =>
        JsonSerializer.Serialize(document, ApiJsonContext.Default.SessionDocument);

    public static SessionDocument Deserialize(string data) =>
        JsonSerializer.Deserialize(data, ApiJsonContext.Default.SessionDocument)
        ?? throw new InvalidOperationException("A stored session document is null.");

    /// <summary>
    /// The stored document with <c>stats.duration_seconds</c> as of <paramref name="now"/>; everything else is
    /// written through. A terminated session keeps the duration it stored when it ended.
    /// </summary>
    public static string ForResponse(ResourceRecord record, DateTimeOffset now)
    {
        using var document = JsonDocument.Parse(record.Data);
        var root = document.RootElement;
        if (root.TryGetProperty("status", out var status) && status.ValueEquals(SessionStatuses.Terminated))
        {
            return record.Data;
        }

        var buffer = new ArrayBufferWriter<byte>(record.Data.Length + 32);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var property in root.EnumerateObject())
            {
                if (!property.NameEquals("stats") || property.Value.ValueKind != JsonValueKind.Object)
                {
                    property.WriteTo(writer);
                    continue;
                }

                writer.WritePropertyName(property.Name);
                writer.WriteStartObject();
                foreach (var stat in property.Value.EnumerateObject())
                {
                    if (!stat.NameEquals("duration_seconds"))
                    {
                        stat.WriteTo(writer);
                    }
                }

                writer.WriteNumber("duration_seconds", DurationSeconds(record.CreatedAt, now));
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Seconds from <paramref name="createdAt"/> to <paramref name="now"/>, to the millisecond, never negative.</summary>
    public static double DurationSeconds(DateTimeOffset createdAt, DateTimeOffset now) =>
        Math.Round(Math.Max(0, (now - createdAt).TotalSeconds), 3);
}
