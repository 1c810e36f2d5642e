using Drover.Sandbox;
using Drover.Server.Storage;
using Microsoft.Extensions.Options;

namespace Drover.Server.Harness;

/// <summary>Registers the hands: sandboxes (provider by <c>Sandbox:Provider</c>) with workspaces under the data directory.</summary>
internal static class HandsServiceCollectionExtensions
{
    public static IServiceCollection AddDroverHands(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddDroverSandbox(configuration);

        // Workspaces live beside the database unless Sandbox:DataDirectory says otherwise.
        if (configuration[$"{SandboxOptions.Section}:{nameof(SandboxOptions.DataDirectory)}"] is null)
        {
            services.AddOptions<SandboxOptions>().Configure<IOptions<StorageOptions>>((sandbox, storage) => sandbox.DataDirectory = storage.Value.DataDirectory);
        }

        return services;
    }

}
