using System.Text.Json;

namespace Drover.Server.Api;

/// <summary>The metadata bag every resource has: at most 16 pairs, keys up to 64 characters, values up to 512.</summary>
internal static class Metadata
{
    public const int MaxPairs = 16;
    public const int MaxKeyLength = 64;
    public const int MaxValueLength = 512;

    /// <summary>A full bag from a create request; absent or null is empty.</summary>
    public static SortedDictionary<string, string> Read(JsonElement obj, string field = "metadata")
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (Fields.OptionalObject(obj, field) is not { } bag)
        {
            return result;
        }

        foreach (var pair in bag.EnumerateObject())
        {
            CheckKey(field, pair.Name);
            result[pair.Name] = pair.Value.ValueKind == JsonValueKind.String
                ? CheckValue(field, pair.Name, pair.Value.GetString()!)
                : throw ApiException.InvalidRequest($"{field}.{pair.Name}: must be a string.");
        }

        return CheckCount(field, result);
    }

    /// <summary>
    /// Applies an update's patch to <paramref name="current"/>: a string value sets the key, null (or "")
    /// deletes it, an omitted key stays. Absent or null patch leaves the bag as it is.
    /// </summary>
    public static SortedDictionary<string, string> Patch(IReadOnlyDictionary<string, string> current, JsonElement obj, string field = "metadata")
    {
        var result = new SortedDictionary<string, string>(current.ToDictionary(), StringComparer.Ordinal);
        if (Fields.OptionalObject(obj, field) is not { } patch)
        {
            return result;
        }

        foreach (var pair in patch.EnumerateObject())
        {
            CheckKey(field, pair.Name);
            switch (pair.Value.ValueKind)
            {
                case JsonValueKind.Null:
                    result.Remove(pair.Name);
                    break;
                case JsonValueKind.String when pair.Value.GetString() is { Length: 0 }:
                    result.Remove(pair.Name);
                    break;
                case JsonValueKind.String:
                    result[pair.Name] = CheckValue(field, pair.Name, pair.Value.GetString()!);
                    break;
                default:
                    throw ApiException.InvalidRequest($"{field}.{pair.Name}: must be a string, or null to delete the key.");
            }
        }

        return CheckCount(field, result);
    }

    private static void CheckKey(string field, string key)
    {
        if (key.Length is 0 or > MaxKeyLength)
        {
            throw ApiException.InvalidRequest($"{field}: keys must be 1 to {MaxKeyLength} characters; '{Truncate(key)}' has {key.Length}.");
        }
    }

    private static string CheckValue(string field, string key, string value) =>
        value.Length <= MaxValueLength ? value : throw ApiException.InvalidRequest($"{field}.{key}: values are at most {MaxValueLength} characters; got {value.Length}.");

    private static SortedDictionary<string, string> CheckCount(string field, SortedDictionary<string, string> bag) =>
        bag.Count <= MaxPairs ? bag : throw ApiException.InvalidRequest($"{field}: at most {MaxPairs} pairs; got {bag.Count}.");

    private static string Truncate(string key) => key.Length > 20 ? key[..20] + "..." : key;
}
