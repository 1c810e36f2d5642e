namespace Drover.Sandbox;

/// <summary>When sandboxes are made, as written in <c>Sandbox:Provisioning</c>. docs/sandbox.md has the measurements behind the default.</summary>
public static class SandboxProvisioning
{
    /// <summary>The default: repositories are cloned on the first tool call and the sandbox is started on the first <c>bash</c> call; the first model call never waits.</summary>
    public const string Lazy = "lazy";

    /// <summary>Clone the repositories and start the sandbox when the session starts running, and make the first model call wait for it (for comparison).</summary>
    public const string EagerBlocking = "eager-blocking";
}
