using System.Text;
using Drover.Hands;

namespace Drover.Sandbox.Egress;

/// <summary>
/// git over HTTPS for a session's <c>github_repository</c> resources: the proxy adds the repository's token
/// (<c>Authorization: Basic x-access-token:&lt;token&gt;</c>, what GitHub takes) to requests for that repository that carry
/// no credentials, so <c>git fetch</c>, <c>pull</c> and <c>push</c> work in the sandbox without the token ever being there.
/// </summary>
internal static class GitAuthentication
{
    public const string GitHubHost = "github.com";

    /// <summary>Whether the proxy should terminate TLS to <paramref name="host"/> to authenticate git.</summary>
    public static bool Applies(NetworkPolicy policy, string host) =>
        policy.Repositories.Count > 0 && host.Equals(GitHubHost, StringComparison.OrdinalIgnoreCase);

    /// <summary>Adds the token of the repository <paramref name="path"/> belongs to, unless the request has an Authorization header.</summary>
    public static void AddToken(List<string> headers, string path, IReadOnlyList<RepositoryResource> repositories)
    {
        if (headers.Any(h => h.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        foreach (var repository in repositories)
        {
            var prefix = new Uri(repository.Url).AbsolutePath.TrimEnd('/');
            if (prefix.EndsWith(".git", StringComparison.Ordinal))
            {
                prefix = prefix[..^4];
            }

            if (path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase) || path.StartsWith(prefix + ".git/", StringComparison.OrdinalIgnoreCase))
            {
                headers.Add($"Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{repository.AuthorizationToken}"))}");
                return;
            }
        }
    }
}
