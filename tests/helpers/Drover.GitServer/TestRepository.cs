namespace Drover.GitServer;

/// <summary>
/// A repository the server serves, as <c>https://github.com/&lt;owner&gt;/&lt;name&gt;</c> would be. Its history:
/// <c>main</c> has <see cref="FirstSha"/> (README.md "first") then <see cref="MainSha"/> (README.md "main");
/// <c>feature</c> branches from the first commit with <see cref="FeatureSha"/> (adds feature.txt); and
/// <see cref="UnreachableSha"/> (adds hidden.txt) is a commit no branch or tag reaches, fetchable only by its id.
/// </summary>
public sealed record TestRepository(string Owner, string Name, string FirstSha, string MainSha, string FeatureSha, string UnreachableSha)
{
    /// <summary>The URL a session names it by.</summary>
    public string GitHubUrl => $"https://github.com/{Owner}/{Name}";
}
