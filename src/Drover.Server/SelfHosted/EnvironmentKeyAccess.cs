namespace Drover.Server.SelfHosted;

/// <summary>
/// Endpoint metadata: an environment key may call this endpoint, within <see cref="Scope"/>. Endpoints without it
/// refuse environment keys (403), so a new endpoint is closed to them until it says otherwise.
/// </summary>
public sealed record EnvironmentKeyAccess(EnvironmentKeyScope Scope);

/// <summary>What an environment key may reach through an endpoint that admits it.</summary>
public enum EnvironmentKeyScope
{
    /// <summary>Its own environment's work queue: the route's <c>environment_id</c> must be the key's.</summary>
    WorkQueue,

    /// <summary>A session whose work item its environment holds (acknowledged and not stopped): the route's <c>session_id</c>.</summary>
    HeldSession,
}

/// <summary>Marking endpoints an environment key may call.</summary>
public static class EnvironmentKeyAccessExtensions
{
    public static TBuilder AllowEnvironmentKey<TBuilder>(this TBuilder builder, EnvironmentKeyScope scope)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new EnvironmentKeyAccess(scope));
}
