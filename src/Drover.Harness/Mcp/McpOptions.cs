namespace Drover.Harness.Mcp;

/// <summary>The MCP connector's settings (configuration section <c>Harness:Mcp</c>).</summary>
public sealed record McpOptions
{
    /// <summary>How long connecting to a server (and listing its tools) may take before it counts as failed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one tool call may take; a call that takes longer gets an error result.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Servers the operator runs as local processes over stdio. An agent reaches one by declaring an MCP server whose
    /// <c>url</c> is the entry's <see cref="McpStdioServer.Url"/> (an identifier; nothing listens there). Agents cannot
    /// start processes of their own: only these.
    /// </summary>
    public IReadOnlyList<McpStdioServer> StdioServers { get; init; } = [];
}

/// <summary>A stdio MCP server configured by the operator.</summary>
public sealed record McpStdioServer
{
    /// <summary>The URL agents name it by, such as <c>https://mcp.internal/everything</c>.</summary>
    public string Url { get; init; } = string.Empty;

    public string Command { get; init; } = string.Empty;

    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>Extra environment variables of the process.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}
