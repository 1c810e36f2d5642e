using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Drover.Harness.Models;

public static class ModelRoutingServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IModelRouter"/> with <see cref="ModelRoutingOptions"/> bound from the registered
    /// <see cref="IConfiguration"/> and validated at startup.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="anthropicClientFactory">Builds the client for Claude models; called at most once, on the first Claude request.</param>
    public static IServiceCollection AddModelRouting(
        this IServiceCollection services, Func<IServiceProvider, AnthropicEndpoint, IModelClient> anthropicClientFactory)
    {
        ArgumentNullException.ThrowIfNull(anthropicClientFactory);
        services.AddOptions<ModelRoutingOptions>()
            .Configure<IConfiguration>((options, configuration) => options.BindFrom(configuration))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelRoutingOptions>, ModelRoutingOptionsValidator>());
        services.TryAddSingleton<IModelRouter>(provider => new ModelRouter(
            provider.GetRequiredService<IOptions<ModelRoutingOptions>>().Value,
            endpoint => anthropicClientFactory(provider, endpoint),
            provider.GetService<ILoggerFactory>()));
        return services;
    }
}
