using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Drover.Server.Auth;

/// <summary>Registers API key authentication and puts it in the pipeline.</summary>
internal static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddDroverAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>()
            .BindConfiguration(AuthOptions.Section)
            .Configure(o =>
            {
                if (configuration[AuthOptions.AdminApiKeyVariable] is { Length: > 0 } key)
                {
                    o.AdminApiKey = key;
                }
            })
            .ValidateDataAnnotations()
            .Validate(
                o => string.IsNullOrEmpty(o.AdminApiKey) || ApiKeySecrets.IsWellFormed(o.AdminApiKey),
                $"{AuthOptions.AdminApiKeyVariable} must be {ApiKeySecrets.MinLength} to {ApiKeySecrets.MaxLength} printable ASCII characters without spaces.")
            .ValidateOnStart();
        services.TryAddSingleton<ApiKeyCache>();
        services.TryAddSingleton<ApiKeyStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICredentialAuthenticator, ApiKeyAuthenticator>());
        services.AddHostedService<AdminKeyBootstrap>();
        return services;
    }

    /// <summary>Requires a credential on every <c>/v1</c> request; goes after the error envelope middleware.</summary>
    public static WebApplication UseDroverAuth(this WebApplication app)
    {
        app.UseMiddleware<CredentialMiddleware>();
        return app;
    }
}
