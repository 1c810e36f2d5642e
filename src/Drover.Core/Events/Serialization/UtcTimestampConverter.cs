using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events.Serialization;

/// <summary>
/// Writes timestamps as the API does: RFC 3339 in UTC with a <c>Z</c> suffix (System.Text.Json would write
/// <c>+00:00</c>), with up to seven fraction digits and trailing zeros dropped. Reads any ISO 8601 offset.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<char> buffer = stackalloc char[32];
        value.UtcDateTime.TryFormat(buffer, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(buffer[..written]);
    }
}
