namespace Drover.Sandbox;

/// <summary>Names of the sandbox providers, as written in <c>Sandbox:Provider</c>.</summary>
public static class SandboxProviderNames
{
    public const string Bubblewrap = "bubblewrap";
    public const string Unsandboxed = "unsandboxed";
}
