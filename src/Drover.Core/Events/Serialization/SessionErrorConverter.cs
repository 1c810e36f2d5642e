using System.Collections.Frozen;

namespace Drover.Events.Serialization;

// Error types share one record per shape; a type string not listed here (including the plain ones) reads as PlainSessionError.
internal sealed class SessionErrorConverter() : TypeDiscriminatorConverter<SessionError>(KnownTypes, typeof(PlainSessionError))
{
    internal static readonly FrozenDictionary<string, Type> KnownTypes = new Dictionary<string, Type>
    {
        [SessionErrorTypes.McpConnectionFailed] = typeof(McpSessionError),
        [SessionErrorTypes.McpAuthenticationFailed] = typeof(McpSessionError),
        [SessionErrorTypes.CredentialHostUnreachable] = typeof(CredentialSessionError),
        [SessionErrorTypes.RepositoryAuthentication] = typeof(RepositorySessionError),
        [SessionErrorTypes.RepositoryForbidden] = typeof(RepositorySessionError),
        [SessionErrorTypes.RepositoryNotFound] = typeof(RepositorySessionError),
        [SessionErrorTypes.RepositoryCheckout] = typeof(RepositorySessionError),
        [SessionErrorTypes.RepositoryClone] = typeof(RepositorySessionError),
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
