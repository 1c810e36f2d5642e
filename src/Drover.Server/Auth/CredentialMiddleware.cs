using Drover.Server.Api;

namespace Drover.Server.Auth;

/// <summary>
/// Asks every <c>/v1</c> request for a credential, routed or not (an unknown <c>/v1</c> path without a key is
/// a 401, so the route table is not shown to strangers); other paths (<c>/health</c>) pass. The secret is
/// read from <c>x-api-key</c> when that header is sent, else from <c>Authorization: Bearer</c> (what the C#
/// and TypeScript SDKs send). Unknown and revoked credentials get the same answer.
/// </summary>
internal sealed class CredentialMiddleware(RequestDelegate next, IEnumerable<ICredentialAuthenticator> authenticators)
{
    public const string MissingMessage = "A valid API key is required: send it as x-api-key or Authorization: Bearer.";
    public const string InvalidMessage = "The API key is not valid: it is unknown or has been revoked.";

    private static readonly PathString s_protected = new("/v1");
    private readonly ICredentialAuthenticator[] _authenticators = [.. authenticators];

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(s_protected, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        if (ReadSecret(context.Request) is not { } secret)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, ApiErrorTypes.Authentication, MissingMessage);
            return;
        }

        var principal = secret.Length <= ApiKeySecrets.MaxLength ? await AuthenticateAsync(secret, context.RequestAborted) : null;
        if (principal is null)
        {
            await ApiErrors.WriteAsync(context, StatusCodes.Status401Unauthorized, ApiErrorTypes.Authentication, InvalidMessage);
            return;
        }

        context.Features.Set(principal);
        await next(context);
    }

    private static string? ReadSecret(HttpRequest request)
    {
        // Several x-api-key values join into one string with a comma, which matches no key.
        if (request.Headers["x-api-key"].ToString() is { Length: > 0 } apiKey)
        {
            return apiKey.Trim();
        }

        const string Bearer = "Bearer ";
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) && authorization[Bearer.Length..].Trim() is { Length: > 0 } token
            ? token
            : null;
    }

    private async Task<ApiPrincipal?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        var hash = CredentialHash.Compute(secret);
        foreach (var authenticator in _authenticators)
        {
            if (await authenticator.AuthenticateAsync(hash, cancellationToken) is { } principal)
            {
                return principal;
            }
        }

        return null;
    }
}
