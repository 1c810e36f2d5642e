using System.Text;
using System.Text.Json.Nodes;

namespace Drover.Server.Tests.Fuzz;

/// <summary>
/// Generates requests that are invalid by construction, from valid seeds: broken JSON, wrong root types, every
/// top-level field given a value of another JSON kind, bad ids in paths, bad query parameters, wrong methods.
/// Deterministic for a seed, so a failure can be replayed.
/// </summary>
internal static class MalformedRequests
{
    public sealed record Seed(string Method, string Path, string? Body);

    public sealed record Case(string Method, string Path, byte[]? Body, string Why);

    private static readonly string[] s_badIds =
    [
        "x", "sesn_", "agent_not-base32!!", "env_01ARZ3NDEKTSV4RRFFQ69G5FA", "sesn_01ARZ3NDEKTSV4RRFFQ69G5FAVX",
        "%00", "..", "sesn_01ARZ3NDEKTSV4RRFFQ69G5FAV%20", "ümlaut", new string('a', 5000), "vlt_01ARZ3NDEKTSV4RRFFQ69G5FAV",
    ];

    /// <summary>Bad values of the parameters every list takes; each list adds the bad values of its own filters.</summary>
    private static readonly string[] s_badPaging =
    [
        "limit=-1", "limit=0", "limit=abc", "limit=100000", "limit=1.5", "limit=99999999999999999999", "page=not-a-cursor", "page=%FF%FE",
    ];

    public static IEnumerable<Case> From(IReadOnlyList<Seed> seeds, IReadOnlyList<(string Path, string[] BadFilters)> lists, IReadOnlyList<string> idPathTemplates, int seed)
    {
        var random = new Random(seed);
        foreach (var s in seeds.Where(s => s.Body is not null))
        {
            var body = s.Body!;
            yield return new Case(s.Method, s.Path, Encoding.UTF8.GetBytes(body[..(body.Length / 2)]), "truncated JSON");
            yield return new Case(s.Method, s.Path, Encoding.UTF8.GetBytes(body + "}"), "trailing garbage");
            yield return new Case(s.Method, s.Path, [0xFF, 0xFE, 0x7B, 0x22, 0xC3], "invalid UTF-8");
            yield return new Case(s.Method, s.Path, Encoding.UTF8.GetBytes(body.Replace("\"", "'", StringComparison.Ordinal)), "single quotes");
            foreach (var root in new[] { "[]", "\"text\"", "42", "null", "true", "[" + body + "]" })
            {
                yield return new Case(s.Method, s.Path, Encoding.UTF8.GetBytes(root), $"root {root[..Math.Min(8, root.Length)]}");
            }

            foreach (var (field, swapped) in SwapEachField(body, random))
            {
                yield return new Case(s.Method, s.Path, Encoding.UTF8.GetBytes(swapped), $"{field} of the wrong kind");
            }

            yield return new Case(s.Method, s.Path, Deep(random.Next(200, 2000)), "deeply nested");
            yield return new Case("PUT", s.Path, Encoding.UTF8.GetBytes(body), "wrong method");
        }

        foreach (var template in idPathTemplates)
        {
            foreach (var id in s_badIds)
            {
                var method = random.Next(3) switch { 0 => "GET", 1 => "POST", _ => "DELETE" };
                yield return new Case(method, template.Replace("{id}", Uri.EscapeDataString(id), StringComparison.Ordinal), method == "POST" ? "{}"u8.ToArray() : null, $"bad id {id[..Math.Min(12, id.Length)]}");
            }
        }

        foreach (var (path, badFilters) in lists)
        {
            foreach (var query in s_badPaging.Concat(badFilters))
            {
                yield return new Case("GET", $"{path}?{query}", null, $"query {query}");
            }
        }
    }

    private static IEnumerable<(string Field, string Json)> SwapEachField(string body, Random random)
    {
        if (JsonNode.Parse(body) is not JsonObject original)
        {
            yield break;
        }

        foreach (var name in original.Select(p => p.Key).ToList())
        {
            var copy = (JsonObject)original.DeepClone();
            copy[name] = OtherKind(copy[name], random);
            yield return (name, copy.ToJsonString());
        }
    }

    /// <summary>A value of a different JSON kind than <paramref name="value"/> (never null, which some fields accept).</summary>
    private static JsonNode OtherKind(JsonNode? value, Random random) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out _) => random.Next(2) == 0 ? JsonValue.Create(12345) : new JsonArray(JsonValue.Create(1)),
        JsonValue v when v.TryGetValue<bool>(out _) => JsonValue.Create("yes"),
        JsonValue => new JsonObject { ["not"] = "a number" },
        JsonObject => random.Next(2) == 0 ? JsonValue.Create("not an object") : new JsonArray(),
        JsonArray => random.Next(2) == 0 ? JsonValue.Create(7) : new JsonObject(),
        _ => JsonValue.Create(false),
    };

    private static byte[] Deep(int depth) => Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));
}
