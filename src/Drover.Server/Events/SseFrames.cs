using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Drover.Sessions;

namespace Drover.Server.Events;

/// <summary>
/// The bytes of one SSE frame per committed event, encoded once and shared by every subscriber: a commit fanned out
/// to a thousand streams is one <see cref="StoredEvent"/> instance, so it is one encoding, not a thousand.
/// </summary>
internal static class SseFrames
{
    private static readonly ConditionalWeakTable<StoredEvent, byte[]> s_cache = [];

    /// <summary><c>event: type</c>, one <c>data:</c> line per line of JSON, <c>id: sequence</c>, blank line.</summary>
    public static byte[] For(StoredEvent e) => s_cache.GetValue(e, static e => Encode(e.Type, e.Json, e.Sequence));

    public static byte[] Ping(long lastSequence) => Encode("ping", """{"type":"ping"}""", lastSequence);

    /// <summary>A live preview frame: no <c>id:</c> line, so a client's Last-Event-ID stays the last logged event.</summary>
    public static byte[] Preview(string type, string json) => Encode(type, json, sequence: null);

    private static byte[] Encode(string type, string json, long? sequence)
    {
        var frame = new StringBuilder(json.Length + type.Length + 40);
        frame.Append("event: ").Append(type).Append('\n');
        foreach (var line in json.Split('\n'))
        {
            frame.Append("data: ").Append(line.TrimEnd('\r')).Append('\n');
        }

        if (sequence is { } id)
        {
            frame.Append("id: ").Append(id.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        frame.Append('\n');
        return Encoding.UTF8.GetBytes(frame.ToString());
    }
}
