using System.Text.Json;

namespace Drover.Server.Api;

/// <summary>
/// Reads and checks fields of a request object, each failure a 400 naming the field and the rule
/// (<c>name: required string of 1 to 256 characters</c>).
/// </summary>
internal static class Fields
{
    public static bool Has(JsonElement obj, string name) => obj.TryGetProperty(name, out _);

    /// <summary>A string field; null when absent (or JSON null and <paramref name="allowNull"/>).</summary>
    public static string? OptionalString(JsonElement obj, string name, int maxLength, bool allowNull = true, int minLength = 0, string? path = null)
    {
        if (!obj.TryGetProperty(name, out var value) || (allowNull && value.ValueKind == JsonValueKind.Null))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw ApiException.InvalidRequest($"{path}{name}: must be a string{(allowNull ? " or null" : "")}.");
        }

        var text = value.GetString()!;
        return text.Length < minLength || text.Length > maxLength
            ? throw ApiException.InvalidRequest($"{path}{name}: must be {minLength} to {maxLength} characters; got {text.Length}.")
            : text;
    }

    public static string RequiredString(JsonElement obj, string name, int maxLength, int minLength = 1, string? path = null) =>
        OptionalString(obj, name, maxLength, allowNull: false, minLength, path)
        ?? throw ApiException.InvalidRequest($"{path}{name}: required string of {minLength} to {maxLength} characters.");

    public static bool? OptionalBool(JsonElement obj, string name, string? path = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : throw ApiException.InvalidRequest($"{path}{name}: must be true, false or null.");
    }

    public static int? OptionalInt(JsonElement obj, string name, int min, int max, string? path = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= min && n <= max
            ? n
            : throw ApiException.InvalidRequest($"{path}{name}: must be an integer from {min} to {max}.");
    }

    /// <summary>The field when it is an object (or null/absent → null); anything else is a 400.</summary>
    public static JsonElement? OptionalObject(JsonElement obj, string name, string? path = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? value : throw ApiException.InvalidRequest($"{path}{name}: must be an object.");
    }

    /// <summary>The field when it is an array (or null/absent → null), with at most <paramref name="maxItems"/> items.</summary>
    public static JsonElement? OptionalArray(JsonElement obj, string name, int maxItems, string? path = null)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.InvalidRequest($"{path}{name}: must be an array.");
        }

        return value.GetArrayLength() <= maxItems ? value : throw ApiException.InvalidRequest($"{path}{name}: at most {maxItems} items; got {value.GetArrayLength()}.");
    }

    /// <summary>Refuses members not in <paramref name="known"/>, so a typo is an error rather than silently ignored.</summary>
    public static void RejectUnknown(JsonElement obj, IReadOnlySet<string> known, string? path = null)
    {
        foreach (var property in obj.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                throw ApiException.InvalidRequest($"{path}{property.Name}: unknown field.");
            }
        }
    }
}
