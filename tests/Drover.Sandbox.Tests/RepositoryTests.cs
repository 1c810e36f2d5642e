using System.Text;
using Drover.GitServer;
using Drover.Hands;

namespace Drover.Sandbox.Tests;

/// <summary>
/// <c>github_repository</c> resources: a real clone over git smart HTTP from a loopback server, made outside the
/// sandbox with the session's token, which must then be nowhere the sandbox (or the workspace on disk) can see.
/// </summary>
public sealed class RepositoryTests : IAsyncLifetime
{
    private GitHttpServer _git = null!;
    private TestRepository _repository = null!;
    private TestHands _hands = null!;

    public async ValueTask InitializeAsync()
    {
        _git = await GitHttpServer.StartAsync(TestContext.Current.CancellationToken);
        _repository = await _git.CreateRepositoryAsync("drover-test", "hello");
        _hands = CreateHands();
    }

    public async ValueTask DisposeAsync()
    {
        await _hands.DisposeAsync();
        await _git.DisposeAsync();
    }

    [Fact]
    public async Task The_clone_uses_the_token_and_leaves_it_nowhere_in_the_sandbox_or_the_workspace()
    {
        var token = "ghp_canary" + Guid.NewGuid().ToString("N");
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{token}"));
        _git.RequiredToken = token;
        _hands.Repositories = [Repository(token: token)];

        var readme = await _hands.BashAsync("cat hello/README.md");
        var inside = await _hands.BashAsync(
            "cd hello && git remote -v && cat .git/config && git config --list --show-origin && echo new > mine.txt && git status --short && "
            + "env && cat /proc/[0-9]*/environ /proc/[0-9]*/cmdline | tr '\\0' '\\n'; grep -rIl ghp_canary /workspace /tmp 2>/dev/null; true");

        Assert.Equal("main", readme);
        Assert.Contains($"Basic {basic}", _git.Authorizations);
        Assert.Equal(0, _git.Refused);
        Assert.Contains("origin\thttps://github.com/drover-test/hello (fetch)", inside, StringComparison.Ordinal);
        Assert.Contains("file:.git/config\tremote.origin.url=https://github.com/drover-test/hello", inside, StringComparison.Ordinal);
        Assert.Contains("?? mine.txt", inside, StringComparison.Ordinal);
        Assert.Contains("HOME=/workspace", inside, StringComparison.Ordinal);
        Assert.DoesNotContain(token, inside, StringComparison.Ordinal);
        Assert.DoesNotContain(basic, inside, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_canary", inside, StringComparison.Ordinal);
        foreach (var file in Directory.EnumerateFiles(_hands.DataDirectory, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
        {
            var text = Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
            Assert.False(text.Contains(token, StringComparison.Ordinal) || text.Contains(basic, StringComparison.Ordinal), $"{file} holds the token");
        }
    }

    [Fact]
    public async Task A_branch_is_checked_out_and_file_tools_see_the_clone_without_a_sandbox()
    {
        _hands.Repositories = [Repository(branch: "feature")];

        var feature = await _hands.RunAsync("read", """{"file_path": "/workspace/hello/feature.txt"}""");
        Assert.Null(_hands.Hands.Sandboxes.ProcessIdOf(_hands.SessionId));
        var head = await _hands.BashAsync("cd hello && git branch --show-current && git rev-parse HEAD");

        Assert.Equal("     1\tfeature\n", TestHands.Text(feature));
        Assert.Equal($"feature\n{_repository.FeatureSha}", head);
    }

    [Fact]
    public async Task Commits_are_checked_out_detached_even_one_no_branch_reaches_and_mount_paths_nest()
    {
        _hands.Repositories =
        [
            Repository(id: "sesrsc_first", mountPath: "/workspace/first", sha: _repository.FirstSha[..12]),
            Repository(id: "sesrsc_hidden", mountPath: "/workspace/deep/er/hidden", sha: _repository.UnreachableSha),
        ];

        var output = await _hands.BashAsync(
            "cat first/README.md; git -C first rev-parse HEAD; git -C first branch --show-current; cat deep/er/hidden/hidden.txt; git -C deep/er/hidden rev-parse HEAD");

        Assert.Equal($"first\n{_repository.FirstSha}\nhidden\n{_repository.UnreachableSha}", output);
    }

    [Fact]
    public async Task A_failed_clone_is_an_error_result_without_the_token_and_the_next_call_tries_again()
    {
        var token = "ghp_wrong" + Guid.NewGuid().ToString("N");
        _git.RequiredToken = "ghp_right";
        _hands.Repositories = [Repository(token: token)];

        var failed = await _hands.BashCallAsync("touch ran.txt");
        var text = TestHands.Text(failed);
        Assert.True(failed.IsError);
        Assert.Contains("The repository https://github.com/drover-test/hello could not be cloned into /workspace/hello: git clone failed", text, StringComparison.Ordinal);
        Assert.Contains("This bash call was not run. The next tool call tries the clone again.", text, StringComparison.Ordinal);
        Assert.DoesNotContain(token, text, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_hands.WorkspaceHost, "ran.txt")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_hands.DataDirectory, "workspaces", ".staging")));

        _git.RequiredToken = token;
        Assert.Equal("main", await _hands.BashAsync("cat hello/README.md"));
    }

    [Fact]
    public async Task A_repository_is_cloned_once_even_after_a_restart_and_the_agent_may_remove_it()
    {
        _hands.Repositories = [Repository()];
        await _hands.BashAsync("rm -rf hello");

        var again = await _hands.BashAsync("ls -A /workspace | grep -c hello || true");
        await using var restarted = CreateHands(_hands.DataDirectory);
        restarted.SessionId = _hands.SessionId;
        restarted.Repositories = _hands.Repositories;
        var afterRestart = await restarted.RunAsync("glob", """{"pattern": "**/README.md"}""");

        Assert.Equal("0", again);
        Assert.StartsWith("No files", TestHands.Text(afterRestart), StringComparison.Ordinal);
        Assert.Equal(1, _git.Advertisements);
    }

    [Fact]
    public async Task A_mount_path_through_a_link_that_leads_out_is_refused()
    {
        var outside = Directory.CreateTempSubdirectory("drover-outside-").FullName;
        File.CreateSymbolicLink(Path.Combine(_hands.WorkspaceHost, "deep"), outside);
        _hands.Repositories = [Repository(mountPath: "/workspace/deep/hello")];

        var output = await _hands.RunAsync("read", """{"file_path": "README.md"}""");

        Assert.True(output.IsError);
        Assert.Contains("could not be cloned into /workspace/deep/hello", TestHands.Text(output), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Directory.Delete(outside);
    }

    [Fact]
    public async Task Eager_provisioning_clones_and_starts_the_sandbox_before_any_call_and_lazy_does_neither()
    {
        _hands.Repositories = [Repository()];
        await using var eager = CreateHands(configure: o => o.Provisioning = SandboxProvisioning.EagerBlocking);
        eager.Repositories = _hands.Repositories;

        await _hands.Hands.ProvisionAsync(_hands.SessionId, _hands.Recipe, TestContext.Current.CancellationToken);
        Assert.Equal(0, _git.Advertisements);
        Assert.Null(_hands.Hands.Sandboxes.ProcessIdOf(_hands.SessionId));

        await eager.Hands.ProvisionAsync(eager.SessionId, eager.Recipe, TestContext.Current.CancellationToken);
        Assert.Equal(1, _git.Advertisements);
        Assert.NotNull(eager.Hands.Sandboxes.ProcessIdOf(eager.SessionId));
        Assert.True(File.Exists(Path.Combine(eager.WorkspaceHost, "hello", "README.md")));
    }

    private TestHands CreateHands(string? dataDirectory = null, Action<SandboxOptions>? configure = null) =>
        TestHands.Create(
            o =>
            {
                o.Git.GitHubBaseUrl = _git.BaseUrl;
                configure?.Invoke(o);
            },
            dataDirectory: dataDirectory);

    private RepositoryResource Repository(string id = "sesrsc_hello", string mountPath = "/workspace/hello", string? branch = null, string? sha = null, string? token = null) =>
        new(id, _repository.GitHubUrl, mountPath, branch, sha, token);
}
