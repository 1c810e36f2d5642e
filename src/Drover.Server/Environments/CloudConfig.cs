namespace Drover.Server.Environments;

/// <summary>Sandboxes the server provisions: a network policy and packages installed before the agent starts.</summary>
internal sealed record CloudConfig(EnvironmentNetworking Networking, EnvironmentPackages Packages) : EnvironmentConfig
{
    public const string TypeName = "cloud";

    /// <summary>What an environment created without <c>config</c> gets: unrestricted networking, no packages.</summary>
    public static CloudConfig Default { get; } = new(UnrestrictedNetworking.Instance, EnvironmentPackages.None);
}
