using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Server.Sessions;

/// <summary>Writes timestamps as the API does, RFC 3339 in UTC with a <c>Z</c> suffix, like the stored events; reads any offset.</summary>
internal sealed class UtcTimestampJsonConverter : JsonConverter<DateTimeOffset>
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
