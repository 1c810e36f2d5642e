namespace Drover.Server.Environments;

/// <summary>Sandboxes a worker on the customer's infrastructure runs; the config has nothing but its type.</summary>
internal sealed record SelfHostedConfig : EnvironmentConfig
{
    public const string TypeName = "self_hosted";
}
