using System.ComponentModel.DataAnnotations;

namespace Drover.Server.SelfHosted;

/// <summary>Work queue settings (configuration section <c>SelfHosted</c>).</summary>
public sealed class SelfHostedOptions
{
    public const string Section = "SelfHosted";

    /// <summary>
    /// The lease a heartbeat grants when the worker asks for no other (<c>desired_ttl_seconds</c>): an item whose worker
    /// sends no heartbeat for this long is claimable again. The official worker heartbeats every min(30 s, ttl/2).
    /// </summary>
    [Range(2, 3600)]
    public int LeaseTtlSeconds { get; set; } = 90;

    /// <summary>The longest lease a worker may ask for.</summary>
    [Range(2, 86400)]
    public int MaxLeaseTtlSeconds { get; set; } = 600;
}
