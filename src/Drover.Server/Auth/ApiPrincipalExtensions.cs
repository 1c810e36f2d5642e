using Drover.Server.Api;

namespace Drover.Server.Auth;

/// <summary>Reading the caller of a request, and endpoints only admin keys may call.</summary>
public static class ApiPrincipalExtensions
{
    /// <summary>The caller; <see langword="null"/> outside <c>/v1</c>, where no key is asked for.</summary>
    public static ApiPrincipal? GetApiPrincipal(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<ApiPrincipal>();
    }

    /// <summary>Answers 403 <c>permission_error</c> to any caller but an admin API key.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(static (context, next) => context.HttpContext.GetApiPrincipal() switch
        {
            { IsAdmin: true } => next(context),
            { } caller => throw ApiException.PermissionDenied($"This endpoint needs an admin API key; the key sent has the role '{caller.Role}'."),
            null => throw ApiException.PermissionDenied("This endpoint needs an admin API key."),
        });
}
