namespace Drover.Sandbox;

/// <summary>How <c>github_repository</c> resources are cloned (configuration section <c>Sandbox:Git</c>).</summary>
public sealed class GitOptions
{
    /// <summary>GitHub's address as repository URLs give it.</summary>
    public const string GitHubUrl = "https://github.com/";

    /// <summary>
    /// Where <c>https://github.com/&lt;owner&gt;/&lt;repo&gt;</c> is fetched from: GitHub itself by default, or a mirror
    /// or GitHub Enterprise address (tests point it at a loopback git server). The clone's <c>origin</c> remote keeps
    /// the github.com URL.
    /// </summary>
    public string GitHubBaseUrl { get; set; } = GitHubUrl;

    /// <summary>The longest a clone (and the fetch of a requested commit) may take.</summary>
    public TimeSpan CloneTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
