using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>
/// Reading helpers shared by the agent readers, on top of <see cref="Fields"/>. Paths are prefixes such as
/// <c>tools.0.</c>, so that messages read <c>tools.0.name: ...</c>.
/// </summary>
internal static class AgentJson
{
    public static readonly FrozenSet<string> PolicyTypes = FrozenSet.Create(StringComparer.Ordinal, "always_allow", "always_ask", "auto");

    public static FrozenSet<string> Set(params string[] names) => names.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The element as an object; anything else is a 400 naming <paramref name="where"/>.</summary>
    public static JsonElement Object(JsonElement value, string where) =>
        value.ValueKind == JsonValueKind.Object ? value : throw ApiException.InvalidRequest($"{where}: must be an object.");

    /// <summary>The required <c>type</c> member, which must be one of <paramref name="allowed"/>.</summary>
    public static string Type(JsonElement obj, string path, params string[] allowed) => Discriminator.Read(obj, path, allowed);

    /// <summary>A <c>permission_policy</c> member: <c>{"type":"always_allow"|"always_ask"|"auto"}</c>; null when absent or null.</summary>
    public static JsonObject? Policy(JsonElement obj, string path)
    {
        if (Fields.OptionalObject(obj, "permission_policy", path) is not { } policy)
        {
            return null;
        }

        var where = $"{path}permission_policy.";
        Fields.RejectUnknown(policy, Set("type"), where);
        return TypeOnly(Type(policy, where, [.. PolicyTypes]));
    }

    public static JsonObject TypeOnly(string type) => new() { ["type"] = type };

    /// <summary>A copy of the element as a node that can be placed in a new document.</summary>
    public static JsonNode? Copy(JsonElement value) => JsonNode.Parse(value.GetRawText());

    /// <summary>A string member of a stored document, or null.</summary>
    public static string? Text(JsonNode? node, string name) => node is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
