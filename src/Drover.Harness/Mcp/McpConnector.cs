using Microsoft.Extensions.Logging;

namespace Drover.Harness.Mcp;

/// <summary>
/// The harness-side MCP client: opens a session's MCP servers for one harness run (<see cref="McpConnections"/>),
/// with the vault credential matching each server's URL injected here, outside the sandbox and out of the model's
/// sight.
/// </summary>
public sealed class McpConnector(McpOptions options, ILoggerFactory loggerFactory, IVaultCredentials? credentials = null)
{
    public McpOptions Options => options;

    internal IVaultCredentials? Credentials => credentials;

    internal ILoggerFactory LoggerFactory => loggerFactory;

    /// <summary>The servers of <paramref name="session"/>'s agent that an mcp_toolset draws on, unconnected until first used.</summary>
    internal McpConnections Open(HarnessSession session, SecretRedactor redactor) => new(this, session, redactor);
}
