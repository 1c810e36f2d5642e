using Drover.Server.Api;
using Drover.Server.Auth;

namespace Drover.Server.SelfHosted;

/// <summary>
/// Confines environment keys (after <see cref="CredentialMiddleware"/> has authenticated the request): an endpoint must
/// carry <see cref="EnvironmentKeyAccess"/>, and the route must name the key's environment or a session whose work
/// that environment holds. Everything else is a 403 <c>permission_error</c>. API keys pass untouched.
/// </summary>
internal sealed class EnvironmentKeyScopeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, WorkQueue queue)
    {
        if (context.GetApiPrincipal() is not { CredentialKind: EnvironmentKeyStore.Kind, EnvironmentId: { } environmentId }
            || context.GetEndpoint() is not { } endpoint)
        {
            await next(context);
            return;
        }

        var refusal = endpoint.Metadata.GetMetadata<EnvironmentKeyAccess>()?.Scope switch
        {
            null => $"An environment key may call only its environment's work queue and the sessions whose work it holds; {context.Request.Method} {context.Request.Path} needs an API key.",
            EnvironmentKeyScope.WorkQueue => context.Request.RouteValues["environment_id"] as string == environmentId
                ? null
                : $"environment_id: this environment key belongs to environment '{environmentId}'.",
            EnvironmentKeyScope.HeldSession => context.Request.RouteValues["session_id"] is string sessionId
                && await queue.HoldsSessionAsync(environmentId, sessionId, context.RequestAborted)
                ? null
                : $"session_id: environment '{environmentId}' holds no work for this session; an environment key reaches only sessions whose work item its worker has acknowledged.",
            _ => "This endpoint does not accept environment keys.",
        };

        if (refusal is not null)
        {
            await ApiErrors.WriteAsync(context, ApiException.PermissionDenied(refusal));
            return;
        }

        await next(context);
    }

    /// <summary>An environment key may send only tool results (its worker's answers); anything else is a 403.</summary>
    public static void RequireWorkerEvents(HttpContext context, IReadOnlyList<Drover.Events.SessionEvent> events)
    {
        if (context.GetApiPrincipal() is not { CredentialKind: EnvironmentKeyStore.Kind })
        {
            return;
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not (Drover.Events.UserToolResultEvent or Drover.Events.UserCustomToolResultEvent))
            {
                throw ApiException.PermissionDenied($"events[{i}].type: an environment key may send only user.tool_result and user.custom_tool_result events.");
            }
        }
    }
}
