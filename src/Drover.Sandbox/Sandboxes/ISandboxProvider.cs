namespace Drover.Sandbox.Sandboxes;

/// <summary>A kind of sandbox (bubblewrap, or none), chosen by <see cref="Name"/> in <c>Sandbox:Provider</c>.</summary>
internal interface ISandboxProvider
{
    string Name { get; }

    /// <summary>The host uid that must own workspace files (the sandbox's user), or null when it is the server's own.</summary>
    int? WorkspaceOwner { get; }

    /// <summary>Null when this provider can run on the machine; otherwise what is missing and how to get it.</summary>
    string? CheckAvailable();

    /// <summary>Starts a sandbox running a shell over the request's workspace.</summary>
    Task<ISandbox> StartAsync(SandboxRequest request, CancellationToken cancellationToken);
}
