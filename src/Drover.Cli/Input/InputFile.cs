using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Cli.Client;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Drover.Cli.Input;

/// <summary>
/// Reads the body of a create or update from <c>-f FILE</c> (<c>-</c> for stdin): JSON, or YAML (any file that does
/// not start with <c>{</c>). YAML is turned into the same JSON the API takes; an unquoted scalar that reads as a number,
/// <c>true</c>/<c>false</c> or <c>null</c> becomes one, quoted scalars stay strings.
/// </summary>
internal static class InputFile
{
    public static JsonObject Read(string path)
    {
        string text;
        try
        {
            text = path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.InvalidInput, $"cannot read {path}: {ex.Message}");
        }

        var node = text.TrimStart().StartsWith('{') ? ParseJson(path, text) : ParseYaml(path, text);
        return node as JsonObject ?? throw new CliException(ExitCodes.InvalidInput, $"{path}: must hold one object (a mapping of fields).");
    }

    private static JsonNode? ParseJson(string path, string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.InvalidInput, $"{path}: not valid JSON: {ex.Message}");
        }
    }

    private static JsonNode? ParseYaml(string path, string text)
    {
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new CliException(ExitCodes.InvalidInput, $"{path}: not valid YAML (line {ex.Start.Line}): {ex.InnerException?.Message ?? ex.Message}");
        }
        catch (InvalidOperationException ex)
        {
            // YamlDotNet reports some unterminated structures (an unclosed '[') this way.
            throw new CliException(ExitCodes.InvalidInput, $"{path}: not valid YAML: {ex.Message}");
        }

        return yaml.Documents.Count == 0 ? null : ToJson(yaml.Documents[0].RootNode);
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(Key(c.Key), ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new CliException(ExitCodes.InvalidInput, $"unsupported YAML node at line {node.Start.Line}."),
    };

    private static string Key(YamlNode key) =>
        key is YamlScalarNode { Value: { } name } ? name : throw new CliException(ExitCodes.InvalidInput, $"line {key.Start.Line}: a key must be a plain name.");

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? "";
        if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
            _ when double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
            _ => JsonValue.Create(value),
        };
    }
}
