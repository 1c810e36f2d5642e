using System.Buffers;
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
        if (e.Json is null)
        {
            throw new InvalidEventException($"events[{index}] has no JSON.");
        }

        // Cheap upper bound first, so a huge string is refused without encoding it.
        if (e.Json.Length > maxBytes && Encoding.UTF8.GetByteCount(e.Json) > maxBytes)
        {
            throw new InvalidEventException($"events[{index}] is larger than the limit of {maxBytes} bytes.", tooLarge: true);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(e.Json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(e.Json, buffer);
            if (length > maxBytes)
            {
                throw new InvalidEventException($"events[{index}] is larger than the limit of {maxBytes} bytes.", tooLarge: true);
            }

            CheckEnvelope(index, e, buffer.AsSpan(0, length));
        }
        catch (JsonException ex)
        {
            throw new InvalidEventException($"events[{index}] is not valid JSON: {ex.Message}");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>One forward pass that validates the whole document and checks its top-level <c>type</c> and <c>id</c>.</summary>
    private static void CheckEnvelope(int index, NewEvent e, ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new InvalidEventException($"events[{index}] must be a JSON object.");
        }

        var typeMatches = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isType = reader.ValueTextEquals("type"u8);
            var isId = !isType && reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isType)
            {
                typeMatches = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(e.Type);
            }
            else if (isId && (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(e.Id)))
            {
                throw new InvalidEventException($"events[{index}].id in the JSON must be the string '{e.Id}'.");
            }
            else
            {
                reader.Skip();
            }
        }

        // Reading past the end object makes the reader reject trailing content.
        while (reader.Read())
        {
        }

        if (!typeMatches)
        {
            throw new InvalidEventException($"events[{index}].type in the JSON must be the string '{e.Type}'.");
        }
    }
}
