namespace Drover.Hands;

/// <summary>
/// A <c>github_repository</c> resource of a session, as the hands need it to clone the repository into the workspace
/// before the first tool call that uses it.
/// </summary>
/// <remarks>
/// <see cref="AuthorizationToken"/> is a secret: the hands use it only in the cloning process they run outside the
/// sandbox (an HTTP header given through that process's environment) and never write it to disk, into the sandbox's
/// environment or into the repository's configuration. <see cref="ToString"/> leaves it out, so a logged recipe does
/// not leak it.
/// </remarks>
/// <param name="Id">The resource's <c>sesrsc_</c> id; a repository is cloned once per id.</param>
/// <param name="Url">The repository, <c>https://github.com/&lt;owner&gt;/&lt;repo&gt;</c>; it stays the <c>origin</c> remote.</param>
/// <param name="MountPath">Where it goes, <c>/workspace/&lt;repo&gt;</c> unless the session said otherwise (always under <c>/workspace</c>).</param>
/// <param name="Branch">The branch (or tag) to check out; null for the default branch or when <paramref name="CommitSha"/> is set.</param>
/// <param name="CommitSha">The commit to check out (detached HEAD); null for a branch.</param>
/// <param name="AuthorizationToken">The token the clone authenticates with; null for a public repository.</param>
public sealed record RepositoryResource(string Id, string Url, string MountPath, string? Branch, string? CommitSha, string? AuthorizationToken)
{
    public override string ToString() =>
        $"RepositoryResource {{ Id = {Id}, Url = {Url}, MountPath = {MountPath}, Branch = {Branch}, CommitSha = {CommitSha}, AuthorizationToken = {(AuthorizationToken is null ? "none" : "(redacted)")} }}";
}
