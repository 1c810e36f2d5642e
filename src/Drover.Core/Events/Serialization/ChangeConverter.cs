using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events.Serialization;

/// <summary>Reads a JSON <c>null</c> as a <see cref="Change{T}"/> with a null value, so an explicit null survives a round trip.</summary>
internal sealed class ChangeConverter<T> : JsonConverter<Change<T>>
    where T : class
{
    public override bool HandleNull => true;

    public override Change<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.TokenType == JsonTokenType.Null ? null : (T?)JsonSerializer.Deserialize(ref reader, options.GetTypeInfo(typeof(T))));

    public override void Write(Utf8JsonWriter writer, Change<T> value, JsonSerializerOptions options)
    {
        if (value?.Value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            JsonSerializer.Serialize(writer, value.Value, options.GetTypeInfo(typeof(T)));
        }
    }
}
