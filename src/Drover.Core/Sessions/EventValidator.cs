using System.Text;
using System.Text.Json;

namespace Drover.Sessions;

/// <summary>The checks every store runs on a batch before it reaches the database.</summary>
public static class EventValidator
{
    private const int MaxIdLength = 128;
    private const int MaxTypeLength = 128;

    /// <summary>Throws <see cref="InvalidEventException"/> naming the first event and rule broken.</summary>
    public static void Validate(IReadOnlyList<NewEvent> events, SessionLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            throw new InvalidEventException("An append needs at least one event.");
        }

        if (events.Count > options.MaxEventsPerAppend)
        {
            throw new InvalidEventException($"An append holds at most {options.MaxEventsPerAppend} events; this one has {events.Count}.", tooLarge: true);
        }

        HashSet<string>? ids = events.Count > 1 ? new(StringComparer.Ordinal) : null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i] ?? throw new InvalidEventException($"events[{i}] is null.");
            if (string.IsNullOrEmpty(e.Id) || e.Id.Length > MaxIdLength)
            {
                throw new InvalidEventException($"events[{i}].id must be 1 to {MaxIdLength} characters.");
            }

            if (string.IsNullOrEmpty(e.Type) || e.Type.Length > MaxTypeLength)
            {
                throw new InvalidEventException($"events[{i}].type must be 1 to {MaxTypeLength} characters.");
            }

            if (ids is not null && !ids.Add(e.Id))
            {
                throw new InvalidEventException($"events[{i}].id '{e.Id}' appears twice in the batch.");
            }

            ValidateJson(i, e, options.MaxEventBytes);
        }
    }

    private static void ValidateJson(int index, NewEvent e, int maxBytes)
    {
        // Cheap upper bound first, so a huge string is refused without encoding it.
        if (e.Json is null || (e.Json.Length > maxBytes && Encoding.UTF8.GetByteCount(e.Json) > maxBytes))
        {
            throw e.Json is null
                ? new InvalidEventException($"events[{index}] has no JSON.")
                : new InvalidEventException($"events[{index}] is larger than the limit of {maxBytes} bytes.", tooLarge: true);
        }

        try
        {
            using var doc = JsonDocument.Parse(e.Json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidEventException($"events[{index}] must be a JSON object.");
            }

            if (!root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || !type.ValueEquals(e.Type))
            {
                throw new InvalidEventException($"events[{index}].type in the JSON must be the string '{e.Type}'.");
            }

            if (root.TryGetProperty("id", out var id) && (id.ValueKind != JsonValueKind.String || !id.ValueEquals(e.Id)))
            {
                throw new InvalidEventException($"events[{index}].id in the JSON must be the string '{e.Id}'.");
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidEventException($"events[{index}] is not valid JSON: {ex.Message}");
        }
    }
}
