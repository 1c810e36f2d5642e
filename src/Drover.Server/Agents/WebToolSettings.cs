using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>
/// The settings only web tools take: domain allow/block lists (both), <c>max_content_tokens</c> and
/// <c>url_sources</c> (web_fetch), <c>user_location</c> (web_search).
/// </summary>
internal static class WebToolSettings
{
    private const int MaxFilterTools = 128;

    private static readonly string[] s_sources = ["user_input", "client_tool_results", "server_tool_results"];
    private static readonly FrozenSet<string> s_sourceFields = AgentJson.Set(s_sources);
    private static readonly FrozenSet<string> s_locationFields = AgentJson.Set("type", "city", "country", "region", "timezone");

    /// <summary>Reads the web settings of <paramref name="config"/> into <paramref name="resolved"/>.</summary>
    public static void Read(JsonElement config, string path, string tool, IReadOnlySet<string> customToolNames, JsonObject resolved)
    {
        var allowPath = tool == "web_search";
        var allowed = WebDomains.Read(config, "allowed_domains", path, allowPath);
        var blocked = WebDomains.Read(config, "blocked_domains", path, allowPath);
        if (allowed is not null && blocked is not null)
        {
            throw ApiException.InvalidRequest($"{path}allowed_domains: Only one of allowed_domains or blocked_domains may be set.");
        }

        if (allowed is not null)
        {
            resolved["allowed_domains"] = allowed;
        }

        if (blocked is not null)
        {
            resolved["blocked_domains"] = blocked;
        }

        if (tool == "web_fetch")
        {
            if (Fields.OptionalInt(config, "max_content_tokens", 1, int.MaxValue, path) is { } tokens)
            {
                resolved["max_content_tokens"] = tokens;
            }

            resolved["url_sources"] = ReadUrlSources(config, path, customToolNames);
        }
        else if (ReadLocation(config, path) is { } location)
        {
            resolved["user_location"] = location;
        }
    }

    private static JsonObject? ReadUrlSources(JsonElement config, string path, IReadOnlySet<string> customToolNames)
    {
        if (Fields.OptionalObject(config, "url_sources", path) is not { } sources)
        {
            return null;
        }

        var where = $"{path}url_sources.";
        Fields.RejectUnknown(sources, s_sourceFields, where);
        var result = new JsonObject();
        foreach (var source in s_sources)
        {
            result[source] = ReadFilter(sources, source, where, source switch
            {
                "client_tool_results" => customToolNames,
                "server_tool_results" => FrozenSet.Create(StringComparer.Ordinal, "web_search", "web_fetch"),
                _ => null,
            });
        }

        if (s_sources.All(s => AgentJson.Text(result[s], "type") == "none"))
        {
            throw ApiException.InvalidRequest($"{where[..^1]}: setting every source to 'none' is not allowed; disable web_fetch instead.");
        }

        return result;
    }

    /// <summary>
    /// One url_sources key: <c>"all"</c>, <c>"none"</c> or the object form; <c>only</c>/<c>except</c> lists name tools
    /// from <paramref name="known"/>, and are refused where <paramref name="known"/> is null (user_input).
    /// </summary>
    private static JsonObject? ReadFilter(JsonElement sources, string name, string path, IReadOnlySet<string>? known)
    {
        if (!sources.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var where = $"{path}{name}";
        if (value.ValueKind == JsonValueKind.String)
        {
            var shorthand = value.GetString();
            return shorthand is "all" or "none" ? AgentJson.TypeOnly(shorthand) : throw ApiException.InvalidRequest($"{where}: must be 'all', 'none' or an object; got '{shorthand}'.");
        }

        var filter = AgentJson.Object(value, where);
        var type = known is null ? AgentJson.Type(filter, $"{where}.", "all", "none") : AgentJson.Type(filter, $"{where}.", "all", "none", "only", "except");
        if (type is "all" or "none")
        {
            Fields.RejectUnknown(filter, AgentJson.Set("type"), $"{where}.");
            return AgentJson.TypeOnly(type);
        }

        Fields.RejectUnknown(filter, AgentJson.Set("type", "tools"), $"{where}.");
        var tools = Fields.OptionalArray(filter, "tools", MaxFilterTools, $"{where}.") is { } array && array.GetArrayLength() > 0
            ? array
            : throw ApiException.InvalidRequest($"{where}.tools: required list of 1 to {MaxFilterTools} tool references for '{type}'.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        var references = new JsonArray();
        var index = 0;
        foreach (var element in tools.EnumerateArray())
        {
            var itemPath = $"{where}.tools.{index}.";
            var reference = AgentJson.Object(element, $"{where}.tools.{index}");
            Fields.RejectUnknown(reference, AgentJson.Set("type", "name"), itemPath);
            AgentJson.Type(reference, itemPath, "tool_reference");
            var tool = Fields.RequiredString(reference, "name", 128, path: itemPath);
            if (!known!.Contains(tool))
            {
                throw ApiException.InvalidRequest(name == "client_tool_results"
                    ? $"{itemPath}name: '{tool}' is not a custom tool of this agent."
                    : $"{itemPath}name: must be 'web_search' or 'web_fetch'; got '{tool}'.");
            }

            if (!names.Add(tool))
            {
                throw ApiException.InvalidRequest($"{itemPath}name: '{tool}' is listed twice.");
            }

            references.Add(new JsonObject { ["type"] = "tool_reference", ["name"] = tool });
            index++;
        }

        return new JsonObject { ["type"] = type, ["tools"] = references };
    }

    private static JsonObject? ReadLocation(JsonElement config, string path)
    {
        if (Fields.OptionalObject(config, "user_location", path) is not { } location)
        {
            return null;
        }

        var where = $"{path}user_location.";
        Fields.RejectUnknown(location, s_locationFields, where);
        var result = new JsonObject { ["type"] = AgentJson.Type(location, where, "approximate") };
        foreach (var field in (string[])["city", "country", "region", "timezone"])
        {
            if (Fields.OptionalString(location, field, 255, minLength: 1, path: where) is { } text)
            {
                if (field == "country" && (text.Length != 2 || !text.All(char.IsAsciiLetterUpper)))
                {
                    throw ApiException.InvalidRequest($"{where}country: must be a two-letter ISO 3166-1 code in upper case, such as 'US'; got '{text}'.");
                }

                result[field] = text;
            }
        }

        return result;
    }
}
