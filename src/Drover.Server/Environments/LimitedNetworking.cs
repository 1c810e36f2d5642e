namespace Drover.Server.Environments;

/// <summary>
/// Deny by default: only the allowed hosts (hostnames or <c>*.example.com</c> wildcards, without scheme, port or
/// path), plus the agent's MCP servers and the package registries when those flags are set.
/// </summary>
internal sealed record LimitedNetworking(IReadOnlyList<string> AllowedHosts, bool AllowMcpServers, bool AllowPackageManagers) : EnvironmentNetworking
{
    public const string TypeName = "limited";
}
