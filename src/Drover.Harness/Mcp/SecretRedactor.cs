using System.Text.Encodings.Web;
using System.Text.Json;
using Drover.Events;

namespace Drover.Harness.Mcp;

/// <summary>
/// Replaces known secret values in events before they are stored: as written in JSON (escaped) and, for values JSON
/// leaves alone, as they are. Values shorter than <see cref="MinLength"/> are ignored (they would redact ordinary text).
/// Thread-safe.
/// </summary>
public sealed class SecretRedactor
{
    public const string Replacement = "[REDACTED]";
    public const int MinLength = 6;

    private readonly HashSet<string> _values = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Whether any secret is known (then text is redacted before it is stored).</summary>
    public bool HasValues
    {
        get
        {
            lock (_lock)
            {
                return _values.Count > 0;
            }
        }
    }

    public void Add(string value)
    {
        if (value.Length < MinLength)
        {
            return;
        }

        lock (_lock)
        {
            _values.Add(value);
            _values.Add(JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString());
            _values.Add(JsonEncodedText.Encode(value).ToString());
        }
    }

    public void AddRange(IEnumerable<string> values)
    {
        foreach (var value in values)
        {
            Add(value);
        }
    }

    /// <summary>The event unchanged when it holds no known secret; otherwise a copy with every occurrence replaced.</summary>
    public SessionEvent Redact(SessionEvent sessionEvent)
    {
        string[] values;
        lock (_lock)
        {
            if (_values.Count == 0)
            {
                return sessionEvent;
            }

            // Longest first, so a secret containing another is replaced whole.
            values = [.. _values.OrderByDescending(v => v.Length)];
        }

        var json = SessionEventJson.Serialize(sessionEvent);
        var redacted = json;
        foreach (var value in values)
        {
            redacted = redacted.Replace(value, Replacement, StringComparison.Ordinal);
        }

        return ReferenceEquals(redacted, json) || redacted == json ? sessionEvent : SessionEventJson.Deserialize(redacted);
    }
}
