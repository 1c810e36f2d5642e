using Drover.Harness;
using Drover.Harness.Models;
using Drover.Harness.Wake;

namespace Drover.Server.Harness;

/// <summary>Registers the harness: the wake doorbell, the worker dispatcher and the model router.</summary>
internal static class HarnessServiceCollectionExtensions
{
    public const string Section = "Harness";

    public static IServiceCollection AddDroverHarness(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<HarnessOptions>() ?? new HarnessOptions();
        services.AddSingleton(options);
        services.AddSingleton<WakeSignal>();
        services.AddSingleton<ISessionDirectory, SessionDirectory>();
        services.AddSingleton<IModelRouter>(sp => ModelRouting.Create(configuration, sp));
        if (configuration.GetValue(Section + ":Enabled", true))
        {
            services.AddHostedService<HarnessWorkers>();
        }

        return services;
    }
}
