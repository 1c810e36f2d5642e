namespace Drover.Server.Auth;

/// <summary>
/// Recognises one kind of credential (API keys now; environment keys and work session tokens later) by the
/// SHA-256 of the secret a request presented, whichever header it came in. The middleware asks each
/// registered authenticator in turn and the first principal wins, so kinds are told apart by lookup, not
/// by header or format.
/// </summary>
/// <remarks>
/// Implementations are singletons and thread-safe. They compare hashes with
/// <see cref="CredentialHash.Matches(string)"/> (constant time) and answer <see langword="null"/> alike for an
/// unknown and a revoked credential, so a failure says nothing about which it was.
/// </remarks>
public interface ICredentialAuthenticator
{
    /// <summary>The principal of the active credential with that hash, or <see langword="null"/>.</summary>
    ValueTask<ApiPrincipal?> AuthenticateAsync(CredentialHash hash, CancellationToken cancellationToken = default);
}
