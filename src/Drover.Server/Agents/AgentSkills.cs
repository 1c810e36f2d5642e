using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>
/// Reads <c>skills</c>: at most 20 distinct <c>{type: "anthropic"|"custom", skill_id, version?}</c>, the version
/// resolved to <c>"latest"</c> when not pinned.
/// </summary>
internal static class AgentSkills
{
    public const int MaxSkills = 20;

    /// <summary>
    /// The version stored for an unpinned skill. Drover has no skill registry to resolve it against, so it keeps
    /// the request's meaning (use the newest) instead of inventing a number.
    /// </summary>
    public const string LatestVersion = "latest";

    private static readonly FrozenSet<string> s_fields = AgentJson.Set("type", "skill_id", "version");

    public static JsonArray Read(JsonElement body)
    {
        var result = new JsonArray();
        if (Fields.OptionalArray(body, "skills", MaxSkills) is not { } skills)
        {
            return result;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in skills.EnumerateArray())
        {
            var path = $"skills.{index}.";
            var skill = AgentJson.Object(element, $"skills.{index}");
            Fields.RejectUnknown(skill, s_fields, path);
            var type = AgentJson.Type(skill, path, "anthropic", "custom");
            var id = Fields.RequiredString(skill, "skill_id", 128, path: path);
            if (type == "custom" && !id.StartsWith("skill_", StringComparison.Ordinal))
            {
                throw ApiException.InvalidRequest($"{path}skill_id: a custom skill id looks like 'skill_...'; got '{id}'.");
            }

            if (!seen.Add($"{type}/{id}"))
            {
                throw ApiException.InvalidRequest($"{path}skill_id: the {type} skill '{id}' is listed twice.");
            }

            result.Add(new JsonObject
            {
                ["type"] = type,
                ["skill_id"] = id,
                ["version"] = Fields.OptionalString(skill, "version", 64, minLength: 1, path: path) ?? LatestVersion,
            });
            index++;
        }

        return result;
    }
}
