using Drover.Harness;
using Drover.Harness.Mcp;
using Drover.Harness.Models;
using Drover.Harness.Models.Anthropic;
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
        services.AddSingleton(sp => new McpConnector(options.Mcp, sp.GetRequiredService<ILoggerFactory>(), sp.GetService<IVaultCredentials>()));
        services.AddSingleton<WakeSignal>();
        services.AddSingleton<ISessionDirectory, SessionDirectory>();
        services.AddModelRouting((_, endpoint) => new AnthropicModelClient(new AnthropicModelOptions
        {
            ApiKey = endpoint.ApiKey,
            BaseUrl = endpoint.BaseUrl?.ToString().TrimEnd('/') ?? AnthropicModelOptions.DefaultBaseUrl,
        }));
        if (configuration.GetValue(Section + ":Enabled", true))
        {
            services.AddHostedService<HarnessWorkers>();
        }

        return services;
    }
}
