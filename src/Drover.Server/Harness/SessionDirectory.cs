using System.Text.Json;
using Drover.Events;
using Drover.Hands;
using Drover.Harness;
using Drover.Harness.Agents;
using Drover.Resources;
using Drover.Server.Api;
using Drover.Server.Files;
using Drover.Server.SelfHosted;
using Drover.Server.Sessions;

namespace Drover.Server.Harness;

/// <summary>The harness's view of session objects, over the resource store (the harness never sees the API's documents).</summary>
internal sealed class SessionDirectory(IResourceStore resources, SessionStore sessions, WorkQueue work, FileStore files, SessionOutputIndexer outputs, TimeProvider time, Vaults.VaultStore vaults) : ISessionDirectory
{
    public async Task<HarnessSession?> GetAsync(string sessionId, CancellationToken cancellationToken)
    {
        var record = await resources.GetAsync(StoredKinds.Session, sessionId, cancellationToken: cancellationToken);
        if (record is null)
        {
            return null;
        }

        var session = SessionJson.Deserialize(record.Data);
        var environment = await resources.GetAsync(StoredKinds.Environment, session.EnvironmentId, cancellationToken: cancellationToken);
        var config = environment is null ? default : ConfigOf(environment.Data);
        var selfHosted = config.ValueKind == JsonValueKind.Object && config.TryGetProperty("type", out var type) && type.ValueEquals("self_hosted");
        var repositories = await RepositoriesAsync(session, cancellationToken);
        // environment_variable credentials are not offered on self-hosted environments (as in the hosted API).
        var secrets = selfHosted || session.VaultIds.Count == 0 ? null : await Vaults.VaultSandboxSecrets.ForAsync(vaults, session.VaultIds, cancellationToken);
        return new HarnessSession(sessionId, AgentConfig.Parse(session.Agent), new SandboxRecipe(session.EnvironmentId, config, repositories, FileMounts(session)) { Secrets = secrets }, selfHosted)
        {
            VaultIds = session.VaultIds,
        };
    }

    /// <summary>The session's <c>file</c> resources, each with the session's own copy of the bytes.</summary>
    private List<FileMount>? FileMounts(SessionDocument session)
    {
        List<FileMount> mounts = [.. session.Resources
            .Where(r => r.TryGetProperty("type", out var t) && t.ValueEquals(SessionResourceReader.File))
            .Select(r => r.Deserialize(ApiJsonContext.Default.FileResource)!)
            .Select(f => new FileMount(f.Id, f.FileId, f.MountPath, files.SessionCopyPath(session.Id, f.Id)))];
        return mounts.Count == 0 ? null : mounts;
    }

    /// <summary>The session's <c>github_repository</c> resources with their tokens, which are stored apart from the document.</summary>
    private async Task<IReadOnlyList<RepositoryResource>?> RepositoriesAsync(SessionDocument session, CancellationToken cancellationToken)
    {
        var documents = session.Resources.Where(r => r.TryGetProperty("type", out var t) && t.ValueEquals(SessionResourceReader.GitHubRepository)).ToList();
        if (documents.Count == 0)
        {
            return null;
        }

        var secrets = await resources.GetAsync(StoredKinds.SessionCredentials, session.Id, cancellationToken: cancellationToken);
        var tokens = secrets is null ? null : JsonSerializer.Deserialize(secrets.Data, ApiJsonContext.Default.SessionCredentials)?.RepositoryTokens;
        return [.. documents.Select(d =>
        {
            var repository = d.Deserialize(ApiJsonContext.Default.GitHubRepositoryResource)!;
            var token = tokens is not null && tokens.TryGetValue(repository.Id, out var t) ? t : null;
            return new RepositoryResource(repository.Id, repository.Url, repository.MountPath, repository.Checkout?.Name, repository.Checkout?.Sha, token);
        })];
    }

    public async Task RecordStatusAsync(string sessionId, string status, SessionUsage usage, CancellationToken cancellationToken)
    {
        // A settled run's outputs are in the Files API before the session reads idle (the idle event may come first).
        if (status is SessionStatuses.Idle or SessionStatuses.Terminated)
        {
            await outputs.IndexAsync(sessionId, cancellationToken);
        }

        try
        {
            await sessions.ChangeAsync(sessionId, doc => doc.Status == status && doc.Usage.ActiveSeconds == usage.ActiveSeconds && doc.Usage.InputTokens == usage.InputTokens && doc.Usage.OutputTokens == usage.OutputTokens
                ? null
                : doc with
                {
                    Status = status,
                    Usage = doc.Usage with
                    {
                        InputTokens = usage.InputTokens,
                        OutputTokens = usage.OutputTokens,
                        CacheReadInputTokens = usage.CacheReadInputTokens,
                        CacheCreation = usage.CacheCreation,
                        ActiveSeconds = usage.ActiveSeconds,
                    },
                    Stats = doc.Stats with { ActiveSeconds = usage.ActiveSeconds ?? doc.Stats.ActiveSeconds },
                    UpdatedAt = time.GetUtcNow(),
                }, cancellationToken);
        }
        catch (ApiException)
        {
            // Deleted meanwhile: nothing to mirror.
        }
    }

    public Task RequestWorkerAsync(string sessionId, string environmentId, CancellationToken cancellationToken) =>
        work.EnsureQueuedAsync(environmentId, sessionId, cancellationToken);

    private static JsonElement ConfigOf(string environmentJson)
    {
        using var document = JsonDocument.Parse(environmentJson);
        return document.RootElement.TryGetProperty("config", out var config) ? config.Clone() : default;
    }
}
