using Microsoft.AspNetCore.Http.Features;

namespace Drover.Server.Api;

/// <summary>The pieces every API endpoint shares: request ids, the error envelope, body limits.</summary>
internal static class ApiEndpoints
{
    /// <summary>The largest request body accepted (an event batch with images); larger gets 413.</summary>
    public const long MaxRequestBodyBytes = 32 * 1024 * 1024;

    public static IServiceCollection AddDroverApi(this IServiceCollection services)
    {
        services.AddExceptionHandler<ApiExceptionHandler>();
        services.AddProblemDetails();

        // Bad JSON bodies and parameters throw, so the exception handler answers them in the envelope.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = MaxRequestBodyBytes);
        return services;
    }

    public static WebApplication UseDroverApi(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => ApiErrors.WriteForStatusAsync(context.HttpContext));
        return app;
    }
}
