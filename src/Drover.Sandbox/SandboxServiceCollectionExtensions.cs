using Drover.Hands;
using Drover.Sandbox.Egress;
using Drover.Sandbox.Repositories;
using Drover.Sandbox.Sandboxes;
using Drover.Sandbox.Workspaces;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Drover.Sandbox;

/// <summary>Registers the hands: <see cref="IHands"/> backed by sandboxes of the configured provider.</summary>
public static class SandboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IHands"/> with settings from the <c>Sandbox</c> section of <paramref name="configuration"/>;
    /// <paramref name="configure"/> runs after binding (the server sets <see cref="SandboxOptions.DataDirectory"/> there).
    /// Settings are validated when the host starts. Resolve <see cref="IHands"/> at startup so an unsandboxed provider
    /// is logged then. Register an <see cref="Tools.IWebSearchProvider"/> to offer <c>web_search</c>.
    /// </summary>
    public static IServiceCollection AddDroverSandbox(this IServiceCollection services, IConfiguration configuration, Action<SandboxOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddOptions<SandboxOptions>().Bind(configuration.GetSection(SandboxOptions.Section));
        if (configure is not null)
        {
            builder.PostConfigure(configure);
        }

        builder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SandboxOptions>, SandboxOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EgressConnector>();
        services.TryAddSingleton<EgressCertificates>();
        services.TryAddSingleton<ISandboxProvider>(sp => sp.GetRequiredService<IOptions<SandboxOptions>>().Value.Provider == SandboxProviderNames.Unsandboxed
            ? new UnsandboxedProvider()
            : ActivatorUtilities.CreateInstance<BubblewrapProvider>(sp));
        services.TryAddSingleton(sp => new WorkspaceStore(sp.GetRequiredService<IOptions<SandboxOptions>>(), sp.GetRequiredService<ISandboxProvider>().WorkspaceOwner));
        services.TryAddSingleton<SessionSandboxes>();
        services.TryAddSingleton<RepositoryCloner>();
        services.TryAddSingleton<SandboxHands>();
        services.TryAddSingleton<IHands>(sp => sp.GetRequiredService<SandboxHands>());
        services.TryAddSingleton<ISessionOutputs, SessionOutputs>();
        return services;
    }

    /// <summary>Throws, saying how to fix it, when the configured sandbox provider cannot run here (bubblewrap not installed).</summary>
    public static void RequireSandboxProvider(this IServiceProvider services)
    {
        if (services.GetRequiredService<ISandboxProvider>().CheckAvailable() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }
}
