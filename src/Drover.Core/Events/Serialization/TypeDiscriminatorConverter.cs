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
        var element = JsonElement.ParseValue(ref reader);
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"A {typeof(TBase).Name} must be a JSON object, not {element.ValueKind}.");
        }

        if (!element.TryGetProperty(Discriminator, out var type) || type.ValueKind != JsonValueKind.String)
        {
            throw new JsonException($"A {typeof(TBase).Name} needs a string \"{Discriminator}\" member.");
        }

        var target = knownTypes.GetValueOrDefault(type.GetString()!, unknownType);
        return (TBase?)element.Deserialize(options.GetTypeInfo(target));
    }

    public override void Write(Utf8JsonWriter writer, TBase value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, options.GetTypeInfo(value.GetType()));
}
