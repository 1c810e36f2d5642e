namespace Drover.Server.Environments;

/// <summary>Full outbound access (the default).</summary>
internal sealed record UnrestrictedNetworking : EnvironmentNetworking
{
    public const string TypeName = "unrestricted";

    public static UnrestrictedNetworking Instance { get; } = new();
}
