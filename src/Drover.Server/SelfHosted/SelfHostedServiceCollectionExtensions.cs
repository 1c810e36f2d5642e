using Drover.Server.Auth;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Drover.Server.SelfHosted;

/// <summary>Registers self-hosted environments: environment keys, their confinement, and the work queue.</summary>
internal static class SelfHostedServiceCollectionExtensions
{
    public static IServiceCollection AddSelfHosted(this IServiceCollection services)
    {
        services.AddOptions<SelfHostedOptions>().BindConfiguration(SelfHostedOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<EnvironmentKeyStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICredentialAuthenticator, EnvironmentKeyAuthenticator>());
        services.TryAddSingleton<WorkWakeups>();
        services.TryAddSingleton<WorkerSightings>();
        services.TryAddSingleton<AbandonedCalls>();
        services.TryAddSingleton<WorkQueue>();
        return services;
    }

    /// <summary>Confines environment keys; goes right after the credential middleware.</summary>
    public static WebApplication UseSelfHosted(this WebApplication app)
    {
        app.UseMiddleware<EnvironmentKeyScopeMiddleware>();
        return app;
    }

    public static WebApplication MapSelfHosted(this WebApplication app)
    {
        app.MapEnvironmentKeys();
        app.MapWorkQueue();
        return app;
    }
}
