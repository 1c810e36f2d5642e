using System.Text;

namespace Drover.Harness.Mcp;

/// <summary>
/// The name an MCP tool has in the model's tool list: <c>mcp__{server}__{tool}</c> (the API reserves the <c>mcp__</c>
/// prefix, so it cannot collide with a custom or built-in tool), cut to the 128 characters of <c>[A-Za-z0-9_-]</c>
/// the Messages API accepts. Events keep the bare tool name and the server name.
/// </summary>
public static class McpToolNames
{
    public const string Prefix = "mcp__";
    private const int MaxLength = 128;

    public static string ModelName(string server, string tool)
    {
        var builder = new StringBuilder(Prefix.Length + server.Length + tool.Length + 2);
        builder.Append(Prefix);
        Append(builder, server);
        builder.Append("__");
        Append(builder, tool);
        return builder.Length <= MaxLength ? builder.ToString() : builder.ToString(0, MaxLength);
    }

    private static void Append(StringBuilder builder, string text)
    {
        foreach (var c in text)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        }
    }
}
