using System.Text.Json;
using System.Text.RegularExpressions;
using Drover.Ids;
using Drover.Server.Api;

namespace Drover.Server.Sessions;

/// <summary>
/// Reads <c>resources</c> of a session create request: files, GitHub repositories and memory stores, each
/// refused with a 400 naming <c>resources[i].field</c> and the rule, or a 404 for an id of the wrong kind.
/// </summary>
internal static partial class SessionResourceReader
{
    public const int MaxResources = 500;
    public const int MaxMemoryStores = 8;
    public const string File = "file";
    public const string GitHubRepository = "github_repository";
    public const string MemoryStore = "memory_store";

    private const string UploadsRoot = "/mnt/session/uploads";
    private const string WorkspaceRoot = "/workspace";
    private const int MaxPathLength = 1024;
    private const int MaxInstructionsLength = 4096;
    private const int MaxTokenLength = 4096;

    private static readonly HashSet<string> s_fileFields = ["type", "file_id", "mount_path"];
    private static readonly HashSet<string> s_repositoryFields = ["type", "url", "authorization_token", "checkout", "mount_path"];
    private static readonly HashSet<string> s_memoryStoreFields = ["type", "memory_store_id", "access", "instructions"];
    private static readonly HashSet<string> s_branchFields = ["type", "name"];
    private static readonly HashSet<string> s_commitFields = ["type", "sha"];

    public static List<SessionResourceInput> Read(JsonElement body, DateTimeOffset now)
    {
        var result = new List<SessionResourceInput>();
        if (Fields.OptionalArray(body, "resources", MaxResources) is not { } array)
        {
            return result;
        }

        var mountPaths = new Dictionary<string, int>(StringComparer.Ordinal);
        var memoryStores = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"resources[{index}].";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw ApiException.InvalidRequest($"resources[{index}]: must be an object.");
            }

            var type = Fields.RequiredString(item, "type", maxLength: 64, path: path);
            var (resource, mountPath) = type switch
            {
                File => ReadFile(item, path, now),
                GitHubRepository => ReadRepository(item, path, now),
                MemoryStore => (ReadMemoryStore(item, path), null),
                _ => throw ApiException.InvalidRequest($"{path}type: must be '{File}', '{GitHubRepository}' or '{MemoryStore}', not '{type}'."),
            };

            if (mountPath is not null && !mountPaths.TryAdd(mountPath, index))
            {
                throw ApiException.InvalidRequest($"{path}mount_path: '{mountPath}' is already the mount path of resources[{mountPaths[mountPath]}].");
            }

            if (type == MemoryStore)
            {
                var storeId = resource.Document.GetProperty("memory_store_id").GetString()!;
                if (!memoryStores.TryAdd(storeId, index))
                {
                    throw ApiException.InvalidRequest($"{path}memory_store_id: '{storeId}' is already attached by resources[{memoryStores[storeId]}].");
                }

                if (memoryStores.Count > MaxMemoryStores)
                {
                    throw ApiException.InvalidRequest($"resources[{index}]: at most {MaxMemoryStores} memory stores per session.");
                }
            }

            result.Add(resource);
            index++;
        }

        return result;
    }

    private static (SessionResourceInput, string) ReadFile(JsonElement item, string path, DateTimeOffset now)
    {
        Fields.RejectUnknown(item, s_fileFields, path);
        var fileId = Fields.RequiredString(item, "file_id", maxLength: 255, path: path);
        if (!fileId.StartsWith(DroverIds.File + "_", StringComparison.Ordinal) || fileId.Length == DroverIds.File.Length + 1)
        {
            throw ApiException.NotFound($"{path}file_id: '{fileId}' is not a file id (they look like file_...).");
        }

        // A relative-looking mount path lands under the uploads folder, as the hosted API does; no path means the file id.
        var mountPath = ReadMountPath(item, path) is { } given
            ? (given.StartsWith(UploadsRoot + "/", StringComparison.Ordinal) ? given : UploadsRoot + given)
            : $"{UploadsRoot}/{fileId}";
        var id = DroverIds.New(DroverIds.SessionResource);
        var document = JsonSerializer.SerializeToElement(new FileResource(id, fileId, mountPath, now, now), ApiJsonContext.Default.FileResource);
        return (new SessionResourceInput(File, document, id, null), mountPath);
    }

    private static (SessionResourceInput, string) ReadRepository(JsonElement item, string path, DateTimeOffset now)
    {
        Fields.RejectUnknown(item, s_repositoryFields, path);
        var url = Fields.RequiredString(item, "url", maxLength: 300, path: path);
        var match = GitHubUrl().Match(url);
        if (!match.Success || url.EndsWith(".git", StringComparison.OrdinalIgnoreCase) || match.Groups["repo"].Value is "." or "..")
        {
            throw ApiException.InvalidRequest($"{path}url: must be https://github.com/<owner>/<repo> (no .git suffix, no SSH URL); got '{url}'.");
        }

        var token = Fields.OptionalString(item, "authorization_token", MaxTokenLength, minLength: 1, path: path);
        var checkout = ReadCheckout(item, path);
        var mountPath = ReadMountPath(item, path) ?? $"{WorkspaceRoot}/{match.Groups["repo"].Value}";
        if (!mountPath.StartsWith(WorkspaceRoot + "/", StringComparison.Ordinal))
        {
            throw ApiException.InvalidRequest($"{path}mount_path: repositories are mounted under {WorkspaceRoot}/; got '{mountPath}'.");
        }

        var id = DroverIds.New(DroverIds.SessionResource);
        var document = JsonSerializer.SerializeToElement(new GitHubRepositoryResource(id, url, mountPath, checkout, now, now), ApiJsonContext.Default.GitHubRepositoryResource);
        return (new SessionResourceInput(GitHubRepository, document, id, token), mountPath);
    }

    private static SessionResourceInput ReadMemoryStore(JsonElement item, string path)
    {
        Fields.RejectUnknown(item, s_memoryStoreFields, path);
        var storeId = Fields.RequiredString(item, "memory_store_id", maxLength: 255, path: path);
        if (!storeId.StartsWith("memstore_", StringComparison.Ordinal) || storeId.Length == "memstore_".Length)
        {
            throw ApiException.NotFound($"{path}memory_store_id: '{storeId}' is not a memory store id (they look like memstore_...).");
        }

        var access = Fields.OptionalString(item, "access", maxLength: 64, path: path) ?? "read_write";
        if (access is not ("read_write" or "read_only"))
        {
            throw ApiException.InvalidRequest($"{path}access: must be 'read_write' or 'read_only', not '{access}'.");
        }

        var instructions = Fields.OptionalString(item, "instructions", MaxInstructionsLength, path: path);
        var document = JsonSerializer.SerializeToElement(new MemoryStoreResource(storeId, access, instructions), ApiJsonContext.Default.MemoryStoreResource);
        return new SessionResourceInput(MemoryStore, document, null, null);
    }

    private static GitCheckout? ReadCheckout(JsonElement item, string path)
    {
        if (Fields.OptionalObject(item, "checkout", path) is not { } checkout)
        {
            return null;
        }

        var at = path + "checkout.";
        var type = Fields.RequiredString(checkout, "type", maxLength: 16, path: at);
        switch (type)
        {
            case "branch":
                Fields.RejectUnknown(checkout, s_branchFields, at);
                return new GitCheckout(type, Name: Fields.RequiredString(checkout, "name", maxLength: 255, path: at));
            case "commit":
                Fields.RejectUnknown(checkout, s_commitFields, at);
                var sha = Fields.RequiredString(checkout, "sha", maxLength: 64, minLength: 7, path: at);
                return CommitSha().IsMatch(sha)
                    ? new GitCheckout(type, Sha: sha)
                    : throw ApiException.InvalidRequest($"{at}sha: must be 7 to 64 hexadecimal characters; got '{sha}'.");
            default:
                throw ApiException.InvalidRequest($"{at}type: must be 'branch' or 'commit', not '{type}'.");
        }
    }

    /// <summary>An absolute path without empty, <c>.</c> or <c>..</c> segments; null when absent or null.</summary>
    private static string? ReadMountPath(JsonElement item, string path)
    {
        var mountPath = Fields.OptionalString(item, "mount_path", MaxPathLength, minLength: 2, path: path);
        if (mountPath is null)
        {
            return null;
        }

        var segments = mountPath.Split('/');
        return segments[0].Length == 0 && segments.Skip(1).All(s => s.Length > 0 && s is not ("." or "..")) && !mountPath.Any(char.IsControl)
            ? mountPath
            : throw ApiException.InvalidRequest($"{path}mount_path: must be an absolute path such as /data.csv, without empty, '.' or '..' segments; got '{mountPath}'.");
    }

    [GeneratedRegex("^https://github\\.com/[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/(?<repo>[A-Za-z0-9._-]{1,100})\\z", RegexOptions.CultureInvariant)]
    private static partial Regex GitHubUrl();

    [GeneratedRegex("^[0-9a-fA-F]{7,64}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex CommitSha();
}
