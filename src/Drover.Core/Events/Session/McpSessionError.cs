using System.Text.Json.Serialization;

namespace Drover.Events;

/// <summary>An MCP server could not be reached or refused the credentials (<c>mcp_connection_failed_error</c>, <c>mcp_authentication_failed_error</c>).</summary>
public sealed record McpSessionError : SessionError
{
    [JsonConstructor]
    public McpSessionError(string type)
        : base(type)
    {
    }

    [JsonPropertyName("mcp_server_name")]
    public required string McpServerName { get; init; }
}
