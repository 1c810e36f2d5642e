using System.Text.Json.Serialization;

namespace Drover.Server.Sessions;

/// <summary>The secrets a session was created with, stored apart from its document (kind <see cref="StoredKinds.SessionCredentials"/>); never served.</summary>
/// <param name="RepositoryTokens">GitHub repository tokens by <c>sesrsc_</c> resource id.</param>
internal sealed record SessionCredentials(
    [property: JsonPropertyName("github_repository_tokens")] IReadOnlyDictionary<string, string> RepositoryTokens);
