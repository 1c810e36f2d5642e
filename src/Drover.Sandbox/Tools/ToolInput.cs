using System.Text.Json;

namespace Drover.Sandbox.Tools;

/// <summary>Reads fields of a tool's input object, with errors that name the field and the type it must have.</summary>
internal readonly struct ToolInput
{
    private readonly JsonElement _input;

    public ToolInput(JsonElement input) =>
        _input = input.ValueKind == JsonValueKind.Object ? input : throw new ToolInputException("The input must be a JSON object.");

    public string RequiredString(string field) =>
        OptionalString(field) ?? throw new ToolInputException($"`{field}` is required (a string).");

    public string? OptionalString(string field) => Get(field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } v => v.GetString(),
        _ => throw new ToolInputException($"`{field}` must be a string."),
    };

    public bool? OptionalBool(string field) => Get(field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw new ToolInputException($"`{field}` must be a boolean."),
    };

    public long? OptionalInteger(string field) => Get(field) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Number } v when v.TryGetInt64(out var n) => n,
        _ => throw new ToolInputException($"`{field}` must be an integer."),
    };

    public (long Start, long End)? OptionalRange(string field)
    {
        if (Get(field) is not { } v)
        {
            return null;
        }

        if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() != 2
            || v[0].ValueKind != JsonValueKind.Number || v[1].ValueKind != JsonValueKind.Number
            || !v[0].TryGetInt64(out var start) || !v[1].TryGetInt64(out var end))
        {
            throw new ToolInputException($"`{field}` must be an array of two integers, [start_line, end_line].");
        }

        return (start, end);
    }

    /// <summary>The field's value; null when it is absent or JSON null (both mean "not given").</summary>
    private JsonElement? Get(string field) =>
        _input.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
}
