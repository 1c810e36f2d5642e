using Drover.Sessions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Drover.Server.Health;

/// <summary>Healthy when the session log answers a read.</summary>
internal sealed class SessionLogHealthCheck(ISessionLog log) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await log.GetSessionAsync("sesn_healthcheck", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The session log did not answer.", ex);
        }
    }
}
