using System.Text.Json;

namespace Drover.Sandbox.Tools;

/// <summary>Builds tool definitions' JSON Schemas from literal JSON.</summary>
internal static class ToolSchemas
{
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
