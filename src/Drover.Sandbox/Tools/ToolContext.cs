using Drover.Hands;
using Drover.Sandbox.Egress;
using Drover.Sandbox.Workspaces;

namespace Drover.Sandbox.Tools;

/// <summary>What a tool needs to run one call: the call, its session's workspace, mounts and network policy, its input.</summary>
internal sealed record ToolContext(ToolCall Call, Workspace Workspace, NetworkPolicy Network, ToolInput Input, SessionMounts? Mounts = null)
{
    /// <summary>Where a model-given path points: <c>/workspace</c>, or one of the session's mounts (<see cref="SessionMounts"/>).</summary>
    public (Workspace Workspace, WorkspacePath Path) Locate(string path, string field, bool forWriting = false) =>
        Mounts is { } mounts ? mounts.Resolve(Workspace, path, field, forWriting) : (Workspace, WorkspacePath.Parse(path, field));
}
