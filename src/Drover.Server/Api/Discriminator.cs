using System.Text.Json;

namespace Drover.Server.Api;

/// <summary>Reads the <c>type</c> member that tells the variants of a request object apart.</summary>
internal static class Discriminator
{
    /// <summary>The required <c>type</c> of <paramref name="obj"/>, which must be one of <paramref name="allowed"/>; anything else is a 400 naming <c>{path}type</c>.</summary>
    public static string Read(JsonElement obj, string path, params string[] allowed)
    {
        var rule = allowed.Length == 1 ? $"'{allowed[0]}'" : "one of " + string.Join(", ", allowed.Select(a => $"'{a}'"));
        if (!obj.TryGetProperty("type", out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw ApiException.InvalidRequest($"{path}type: required; must be {rule}.");
        }

        var type = value.GetString()!;
        return allowed.Contains(type, StringComparer.Ordinal) ? type : throw ApiException.InvalidRequest($"{path}type: must be {rule}, not '{type}'.");
    }
}
