using Drover.Hands;
using Drover.Sandbox.Egress;
using Drover.Sandbox.Workspaces;

namespace Drover.Sandbox.Tools;

/// <summary>What a tool needs to run one call: the call, its session's workspace and network policy, its input.</summary>
internal sealed record ToolContext(ToolCall Call, Workspace Workspace, NetworkPolicy Network, ToolInput Input);
