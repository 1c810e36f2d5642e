using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>
/// Reads a <c>custom</c> tool: a name of 1 to 128 letters, digits, <c>_</c> or <c>-</c> that is not a built-in
/// tool's and does not start with <c>mcp__</c>, a description, and a JSON Schema object for its input.
/// </summary>
internal static partial class CustomTool
{
    public const int MaxDescriptionLength = 100_000;

    // Deeper schemas are refused rather than walked, so a hostile body cannot exhaust the stack.
    private const int MaxSchemaDepth = 64;

    private static readonly FrozenSet<string> s_fields = AgentJson.Set("type", "name", "description", "input_schema");

    public static JsonObject Read(JsonElement tool, string path)
    {
        Fields.RejectUnknown(tool, s_fields, path);
        var name = Fields.RequiredString(tool, "name", 128, path: path);
        if (!NamePattern().IsMatch(name))
        {
            throw ApiException.InvalidRequest($"{path}name: must be 1 to 128 letters, digits, '_' or '-'; got '{name}'.");
        }

        if (AgentToolset.ToolNames.Contains(name, StringComparer.Ordinal))
        {
            throw ApiException.InvalidRequest($"{path}name: '{name}' is the name of a built-in tool.");
        }

        if (name.StartsWith("mcp__", StringComparison.Ordinal))
        {
            throw ApiException.InvalidRequest($"{path}name: the prefix 'mcp__' is reserved for MCP tools.");
        }

        var description = Fields.RequiredString(tool, "description", MaxDescriptionLength, path: path);
        if (!tool.TryGetProperty("input_schema", out var schema) || schema.ValueKind == JsonValueKind.Null)
        {
            throw ApiException.InvalidRequest($"{path}input_schema: required JSON Schema object with \"type\": \"object\".");
        }

        CheckSchema(AgentJson.Object(schema, $"{path}input_schema"), $"{path}input_schema.");
        return new JsonObject
        {
            ["type"] = AgentTools.CustomType,
            ["name"] = name,
            ["description"] = description,
            ["input_schema"] = AgentJson.Copy(schema),
        };
    }

    private static void CheckSchema(JsonElement schema, string path)
    {
        AgentJson.Type(schema, path, "object");
        foreach (var combinator in (string[])["oneOf", "anyOf", "allOf"])
        {
            if (schema.TryGetProperty(combinator, out _))
            {
                throw ApiException.InvalidRequest($"{path}{combinator}: not supported at the top level of input_schema.");
            }
        }

        if (Fields.OptionalObject(schema, "properties", path) is { } properties)
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (!PropertyPattern().IsMatch(property.Name))
                {
                    throw ApiException.InvalidRequest($"{path}properties: property names must be 1 to 64 letters, digits, '_', '.' or '-'; got '{property.Name}'.");
                }
            }
        }

        if (Fields.OptionalArray(schema, "required", int.MaxValue, path) is { } required && required.EnumerateArray().Any(r => r.ValueKind != JsonValueKind.String))
        {
            throw ApiException.InvalidRequest($"{path}required: must be an array of property names.");
        }

        CheckNoRef(schema, path[..^1], 0);
    }

    private static void CheckNoRef(JsonElement node, string path, int depth)
    {
        if (depth > MaxSchemaDepth)
        {
            throw ApiException.InvalidRequest($"{path}: input_schema nests deeper than {MaxSchemaDepth} levels.");
        }

        if (node.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in node.EnumerateObject())
            {
                if (property.NameEquals("$ref"))
                {
                    throw ApiException.InvalidRequest($"{path}.$ref: references are not supported in input_schema; inline the definition.");
                }

                CheckNoRef(property.Value, $"{path}.{property.Name}", depth + 1);
            }
        }
        else if (node.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in node.EnumerateArray())
            {
                CheckNoRef(item, $"{path}.{index++}", depth + 1);
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,128}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyPattern();
}
