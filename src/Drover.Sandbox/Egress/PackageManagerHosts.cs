namespace Drover.Sandbox.Egress;

/// <summary>The registries and code hosts that <c>allow_package_managers</c> opens (the list of the managed service, spec §3.4).</summary>
internal static class PackageManagerHosts
{
    public static readonly string[] All =
    [
        "github.com", "api.github.com", "codeload.github.com", "raw.githubusercontent.com", "objects.githubusercontent.com",
        "release-assets.githubusercontent.com", "gitlab.com", "bitbucket.org",
        "registry.npmjs.org", "registry.yarnpkg.com", "nodejs.org",
        "pypi.org", "files.pythonhosted.org",
        "crates.io", "index.crates.io", "static.crates.io", "static.rust-lang.org",
        "proxy.golang.org", "sum.golang.org",
        "repo1.maven.org", "repo.maven.apache.org", "services.gradle.org", "plugins.gradle.org", "plugins-artifacts.gradle.org",
        "rubygems.org", "index.rubygems.org",
        "packagist.org", "repo.packagist.org",
        "archive.ubuntu.com", "security.ubuntu.com", "ppa.launchpad.net",
        "registry-1.docker.io", "auth.docker.io", "production.cloudflare.docker.com", "download.docker.com", "ghcr.io",
    ];
}
