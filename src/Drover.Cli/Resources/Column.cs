using System.Text.Json;

namespace Drover.Cli.Resources;

/// <summary>A column of a list table: its header and the value shown for a resource (its JSON from the API).</summary>
internal sealed record Column(string Header, Func<JsonElement, string> Value)
{
    /// <summary>A column showing a (dotted) field's value, or nothing when it is absent or null.</summary>
    public static Column Field(string header, string path) => new(header, e => Read(e, path));

    public static string Read(JsonElement element, string path)
    {
        foreach (var name in path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return "";
            }
        }

        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => element.GetRawText(),
        };
    }
}
