using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Drover.Hands;
using Drover.Sandbox.Workspaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Drover.Sandbox.Repositories;

/// <summary>
/// Clones a session's <c>github_repository</c> resources into its workspace, on the host and outside the sandbox,
/// before the first tool call that uses the workspace. Each repository is cloned once: a marker in the session's
/// host-only state folder records it, so a repository the agent deleted or moved does not come back, even after a
/// server restart.
/// </summary>
/// <remarks>
/// The clone is made in a staging folder no sandbox can reach, checked out, given to the sandbox user, then renamed
/// into place, so the workspace never holds half a clone. The token goes to git only as an <c>http.extraHeader</c> in
/// the environment of the git processes (see <see cref="GitProcess"/>): not in the remote URL, not in
/// <c>.git/config</c>, not in any file. The <c>origin</c> remote is the plain github.com URL, so the sandbox's own git
/// (with no token, and usually no network) cannot reach it.
/// </remarks>
internal sealed partial class RepositoryCloner(WorkspaceStore workspaces, IOptions<SandboxOptions> options, ILogger<RepositoryCloner> logger)
{
    private readonly ConcurrentDictionary<string, byte> _cloned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);
    private readonly GitOptions _git = options.Value.Git;

    /// <summary>
    /// Makes sure every repository of the list is in the workspace (cloning those not yet done); cheap once they are.
    /// Throws <see cref="RepositoryCloneException"/> naming the first one that could not be cloned.
    /// </summary>
    public async Task EnsureAsync(string sessionId, Workspace workspace, IReadOnlyList<RepositoryResource>? repositories, CancellationToken cancellationToken)
    {
        if (repositories is not { Count: > 0 } || repositories.All(r => _cloned.ContainsKey(Key(sessionId, r))))
        {
            return;
        }

        var gate = _gates.GetOrAdd(sessionId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var state = workspaces.StateDirectory(sessionId);
            foreach (var repository in repositories)
            {
                if (_cloned.ContainsKey(Key(sessionId, repository)))
                {
                    continue;
                }

                var marker = Path.Combine(state, MarkerName(repository));
                var target = MountPathOf(repository);
                if (!File.Exists(marker))
                {
                    if (Exists(workspace, target, repository))
                    {
                        // A clone moved in before a crash kept its marker from being written; or something the agent put there.
                        LogKept(logger, repository.Url, sessionId, target.InSandbox);
                    }
                    else
                    {
                        await CloneAsync(sessionId, workspace, repository, target, cancellationToken);
                    }

                    Directory.CreateDirectory(state);
                    await File.WriteAllTextAsync(marker, $"{repository.Url} {target.InSandbox}\n", CancellationToken.None);
                }

                _cloned.TryAdd(Key(sessionId, repository), 0);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets a discarded session (its state folder is deleted with its workspace).</summary>
    public void Forget(string sessionId)
    {
        foreach (var key in _cloned.Keys.Where(k => k.StartsWith(sessionId + "/", StringComparison.Ordinal)))
        {
            _cloned.TryRemove(key, out _);
        }

        _gates.TryRemove(sessionId, out _);
    }

    private async Task CloneAsync(string sessionId, Workspace workspace, RepositoryResource repository, WorkspacePath target, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (!Directory.Exists(workspaces.StagingRoot))
        {
            // Only the server's user may enter: clones are half made here.
            Directory.CreateDirectory(workspaces.StagingRoot);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(workspaces.StagingRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var staging = Directory.CreateDirectory(Path.Combine(workspaces.StagingRoot, $"{sessionId}-{Guid.NewGuid():N}")).FullName;
        var clone = Path.Combine(staging, "repo");
        var config = GitConfig(repository);
        try
        {
            List<string> arguments = ["clone", "--quiet"];
            if (repository.CommitSha is not null)
            {
                arguments.Add("--no-checkout");
            }
            else if (repository.Branch is { } branch)
            {
                arguments.AddRange(["--branch", branch]);
            }

            arguments.AddRange(["--", repository.Url, clone]);
            await GitAsync(repository, "git clone", arguments, staging, config, cancellationToken);

            if (repository.CommitSha is { } sha)
            {
                // Commits that no branch or tag reaches are fetched by id (GitHub serves them); only a full id can be fetched.
                if (!(await RunAsync("git", ["-C", clone, "cat-file", "-e", $"{sha}^{{commit}}"], staging, config, cancellationToken)).Succeeded)
                {
                    await GitAsync(repository, $"git fetch of commit {sha}", ["-C", clone, "fetch", "--quiet", "origin", sha], staging, config, cancellationToken);
                }

                await GitAsync(repository, $"git checkout of commit {sha}", ["-C", clone, "checkout", "--quiet", "--detach", sha], staging, config, cancellationToken);
            }

            if (workspace.OwnerUid is { } uid)
            {
                var owner = uid.ToString(CultureInfo.InvariantCulture);
                await GitAsync(repository, "chown", ["-hR", $"{owner}:{owner}", clone], staging, [], cancellationToken, program: "chown");
            }

            try
            {
                workspace.MoveIn(clone, target);
            }
            catch (WorkspaceException e)
            {
                throw Failed(repository, $"it cannot be put at {target.InSandbox}: {e.Message}");
            }

            var elapsed = Stopwatch.GetElapsedTime(started);
            LogCloned(logger, repository.Url, sessionId, target.InSandbox, elapsed.TotalMilliseconds);
        }
        finally
        {
            try
            {
                Directory.Delete(staging, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogStagingLeft(logger, staging, e.Message);
            }
        }
    }

    /// <summary>
    /// The per-process git settings: no credential helper (nothing is stored or asked), the token as an Authorization
    /// header (Basic <c>x-access-token:&lt;token&gt;</c>, as GitHub expects for git over HTTPS), and the GitHub address
    /// rewritten when <see cref="GitOptions.GitHubBaseUrl"/> points elsewhere.
    /// </summary>
    private List<KeyValuePair<string, string>> GitConfig(RepositoryResource repository)
    {
        List<KeyValuePair<string, string>> config = [new("credential.helper", "")];
        if (repository.AuthorizationToken is { } token)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{token}"));
            config.Add(new("http.extraHeader", $"Authorization: Basic {basic}"));
        }

        if (_git.GitHubBaseUrl != GitOptions.GitHubUrl)
        {
            config.Add(new($"url.{_git.GitHubBaseUrl}.insteadOf", GitOptions.GitHubUrl));
        }

        return config;
    }

    private async Task GitAsync(
        RepositoryResource repository,
        string what,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyList<KeyValuePair<string, string>> config,
        CancellationToken cancellationToken,
        string program = "git")
    {
        var run = await RunAsync(program, arguments, workingDirectory, config, cancellationToken);
        if (run.TimedOut)
        {
            throw Failed(repository, $"{what} did not finish within {_git.CloneTimeout.TotalSeconds:0} s ({SandboxOptions.Section}:Git:CloneTimeout)");
        }

        if (!run.Succeeded)
        {
            var output = Redact(run.Output, repository.AuthorizationToken);
            throw Failed(repository, $"{what} failed with exit code {run.ExitCode}{(output.Length > 0 ? ": " + output : "")}");
        }
    }

    private async Task<GitRun> RunAsync(string program, IEnumerable<string> arguments, string workingDirectory, IReadOnlyList<KeyValuePair<string, string>> config, CancellationToken cancellationToken)
    {
        try
        {
            return await GitProcess.RunAsync(program, arguments, workingDirectory, config, _git.CloneTimeout, cancellationToken);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RepositoryCloneException($"Repositories cannot be cloned on this server: {program} cannot be run ({e.Message}). Install git (`apt-get install git`).");
        }
    }

    private static RepositoryCloneException Failed(RepositoryResource repository, string reason) =>
        new($"The repository {repository.Url} could not be cloned into {repository.MountPath}: {reason}");

    private static string Redact(string text, string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return text;
        }

        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"x-access-token:{token}"));
        return text.Replace(token, "***", StringComparison.Ordinal).Replace(basic, "***", StringComparison.Ordinal);
    }

    private static WorkspacePath MountPathOf(RepositoryResource repository)
    {
        try
        {
            var path = WorkspacePath.Parse(repository.MountPath, "mount_path");
            return path.IsRoot ? throw Failed(repository, $"it cannot replace {WorkspacePath.Root} itself") : path;
        }
        catch (WorkspaceException e)
        {
            throw Failed(repository, e.Message);
        }
    }

    private static bool Exists(Workspace workspace, WorkspacePath target, RepositoryResource repository)
    {
        try
        {
            return workspace.Exists(target);
        }
        catch (WorkspaceException e)
        {
            throw Failed(repository, e.Message);
        }
    }

    /// <summary>A file name for the resource's marker: its id when it is a plain one, else a hash of it.</summary>
    private static string MarkerName(RepositoryResource repository) =>
        repository.Id.Length is > 0 and <= 128 && repository.Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')
            ? repository.Id
            : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(repository.Id)));

    private static string Key(string sessionId, RepositoryResource repository) => $"{sessionId}/{repository.Id}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Cloned {Url} into {MountPath} of session {SessionId} in {Milliseconds:0} ms")]
    private static partial void LogCloned(ILogger logger, string url, string sessionId, string mountPath, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "{MountPath} of session {SessionId} already exists; {Url} is not cloned again")]
    private static partial void LogKept(ILogger logger, string url, string sessionId, string mountPath);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the clone staging folder {Path}: {Reason}")]
    private static partial void LogStagingLeft(ILogger logger, string path, string reason);
}
