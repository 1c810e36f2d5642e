using Drover.Sandbox.Egress;
using Drover.Sandbox.Workspaces;

namespace Drover.Sandbox.Sandboxes;

/// <summary>What to start a sandbox for: the session, its workspace and what its network may reach; its uploads and outputs folders when the provider mounts them.</summary>
internal sealed record SandboxRequest(string SessionId, Workspace Workspace, NetworkPolicy Network, SessionMounts? Mounts = null);
