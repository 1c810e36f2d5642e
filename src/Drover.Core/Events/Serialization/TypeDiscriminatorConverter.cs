using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Drover.Events.Serialization;

/// <summary>
/// Reads a JSON object as the record its <c>type</c> member names, or as <paramref name="unknownType"/> for any
/// other type string; writes a value with the contract of its runtime type.
/// </summary>
/// <remarks>
/// The built-in <c>[JsonPolymorphic]</c> does not fit: it fails on an unknown discriminator instead of keeping the
/// object, and it owns the <c>type</c> member, which then cannot also be a property of the records.
/// The derived types' contracts come from the options in use (the source-generated context), so derived records
/// must not carry this converter themselves.
/// </remarks>
internal abstract class TypeDiscriminatorConverter<TBase>(FrozenDictionary<string, Type> knownTypes, Type unknownType) : JsonConverter<TBase>
    where TBase : class
{
    private const string Discriminator = "type";

    public override TBase? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // One pass: a copy of the reader finds the discriminator, then the original reads the object as that type. The
        // serializer hands a custom converter the whole value, so the copy can skip over members. (Parsing into a
        // JsonElement first and deserializing that read every event twice, and its content blocks three times,
        // which was most of the harness's log replay: docs/benchmarks.md.)
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"A {typeof(TBase).Name} must be a JSON object, not {Describe(reader.TokenType)}.");
        }

        var target = knownTypes.GetValueOrDefault(ReadDiscriminator(reader), unknownType);
        return (TBase?)JsonSerializer.Deserialize(ref reader, options.GetTypeInfo(target));
    }

    public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));

    /// <summary>The string value of the object's last top-level <c>type</c> member (the last wins, as for any member).</summary>
    private static string ReadDiscriminator(Utf8JsonReader probe)
    {
        string? type = null;
        while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)
        {
            var isDiscriminator = probe.ValueTextEquals(Discriminator);
            probe.Read();
            if (isDiscriminator)
            {
                type = probe.TokenType == JsonTokenType.String ? probe.GetString() : null;
            }

            probe.Skip();
        }

        return type ?? throw new JsonException($"A {typeof(TBase).Name} needs a string \"{Discriminator}\" member.");
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => nameof(JsonValueKind.Array),
        JsonTokenType.String => nameof(JsonValueKind.String),
        JsonTokenType.Number => nameof(JsonValueKind.Number),
        JsonTokenType.True => nameof(JsonValueKind.True),
        JsonTokenType.False => nameof(JsonValueKind.False),
        _ => nameof(JsonValueKind.Null),
    };
}
