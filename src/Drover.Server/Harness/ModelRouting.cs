using Drover.Harness.Models;

namespace Drover.Server.Harness;

/// <summary>Builds the model router from configuration.</summary>
internal static class ModelRouting
{
    public static IModelRouter Create(IConfiguration configuration, IServiceProvider services)
    {
        _ = configuration;
        _ = services;
        return new NoModels();
    }

    private sealed class NoModels : IModelRouter
    {
        public IModelClient Resolve(string model) =>
            throw new ModelException("model_request_failed_error", $"No provider serves model '{model}'.", transient: false);
    }
}
