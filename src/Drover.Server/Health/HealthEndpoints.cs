namespace Drover.Server.Health;

internal static class HealthEndpoints
{
    public static IServiceCollection AddDroverHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<SessionLogHealthCheck>("session-log");
        return services;
    }

    /// <summary><c>GET /health</c>: 200 "Healthy" or 503 "Unhealthy"; needs no API key, for load balancers.</summary>
    public static IEndpointConventionBuilder MapDroverHealth(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHealthChecks("/health");
}
