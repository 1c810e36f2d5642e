namespace Drover.Server.Auth;

/// <summary>
/// Who sent a request: the credential that authenticated it and what it may do. Set by
/// <see cref="CredentialMiddleware"/> on every <c>/v1</c> request that gets through; read with
/// <see cref="ApiPrincipalExtensions.GetApiPrincipal"/>. Carries no secret, so it is safe to log.
/// </summary>
/// <param name="CredentialKind">The resource kind of the credential, such as <c>api_key</c>.</param>
/// <param name="CredentialId">The credential's id, such as <c>apikey_...</c>.</param>
/// <param name="Role">An <see cref="ApiKeyRoles"/> value for API keys; other credential kinds bring their own.</param>
/// <param name="EnvironmentId">For an environment key, the one environment it belongs to; null for API keys.</param>
public sealed record ApiPrincipal(string CredentialKind, string CredentialId, string Role, string? EnvironmentId = null)
{
    public bool IsAdmin => Role == ApiKeyRoles.Admin;
}
