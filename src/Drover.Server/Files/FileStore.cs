using System.Security.Cryptography;
using System.Text;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;
using Drover.Server.Storage;
using Microsoft.Extensions.Options;

namespace Drover.Server.Files;

/// <summary>
/// Files: metadata in the resource store (kind <see cref="Kind"/>), bytes in <c>&lt;data&gt;/files/&lt;file id&gt;</c>.
/// Bytes are written to a temporary file in <c>&lt;data&gt;/files/.tmp</c> and renamed into place before the record is
/// created, so a listed file always has its bytes; deleting removes the record first, then the bytes.
/// </summary>
internal sealed partial class FileStore(IResourceStore store, IOptions<StorageOptions> storage, TimeProvider time)
{
    public const string Kind = "file";

    public string Root { get; } = Path.Combine(Path.GetFullPath(storage.Value.DataDirectory), "files");

    private string TempRoot => Path.Combine(Root, ".tmp");

    /// <summary>Where the bytes of a stored file are.</summary>
    public string HostPathOf(string fileId) => Path.Combine(Root, fileId);

    /// <summary>
    /// Streams <paramref name="source"/> into a new temporary file (pass its path to <see cref="CommitAsync"/>, then
    /// delete it); null when the source holds more than <paramref name="maxBytes"/>, with nothing left behind.
    /// </summary>
    public async Task<string?> SaveTemporaryAsync(Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(TempRoot);
        var path = Path.Combine(TempRoot, Guid.NewGuid().ToString("N"));
        var kept = false;
        try
        {
            await using var target = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous });
            var buffer = new byte[81920];
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    return null;
                }

                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            kept = true;
            return path;
        }
        finally
        {
            if (!kept)
            {
                File.Delete(path);
            }
        }
    }

    /// <summary>Moves a finished temporary file into place under a new id and records it.</summary>
    public async Task<StoredFile> CommitAsync(string temporaryPath, string filename, string mimeType, bool downloadable, FileScope? scope, string? outputPath, long? outputModifiedMs, CancellationToken cancellationToken)
    {
        var id = DroverIds.New(DroverIds.File, time);
        var now = ApiTimestamps.Truncate(time.GetUtcNow());
        var size = new FileInfo(temporaryPath).Length;
        var file = new StoredFile(id, filename, mimeType, size, ApiTimestamps.Write(now), downloadable, scope, outputPath, outputModifiedMs);
        if (!OperatingSystem.IsWindows())
        {
            // Readable by others: a session's sandbox user reads the files mounted into it (read-only).
            File.SetUnixFileMode(temporaryPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        File.Move(temporaryPath, HostPathOf(id));
        try
        {
            var uniqueName = scope is not null && outputPath is not null ? OutputKey(scope.Id, outputPath) : null;
            await store.CreateAsync(new ResourceRecord(Kind, id, 1, uniqueName, now, now, null, FilesJsonContext.Serialize(file)), cancellationToken);
        }
        catch
        {
            File.Delete(HostPathOf(id));
            throw;
        }

        return file;
    }

    /// <summary>The file, or a 404 naming the id (a 404 too for a malformed id, as for every other resource).</summary>
    public async Task<StoredFile> GetAsync(string fileId, CancellationToken cancellationToken)
    {
        if (DroverIds.HasPrefix(fileId, DroverIds.File) && await store.GetAsync(Kind, fileId, cancellationToken: cancellationToken) is { } record)
        {
            return FilesJsonContext.Deserialize(record.Data);
        }

        throw ApiException.NotFound($"file_id: no file '{fileId}'.");
    }

    /// <summary>The stored record of a file (to page from it); null when there is none or the id is malformed.</summary>
    public async Task<ResourceRecord?> GetRecordAsync(string fileId, CancellationToken cancellationToken) =>
        DroverIds.HasPrefix(fileId, DroverIds.File) ? await store.GetAsync(Kind, fileId, cancellationToken: cancellationToken) : null;

    /// <summary>The output a session wrote at <paramref name="outputPath"/> (relative to <c>/mnt/session/outputs</c>), if indexed.</summary>
    public async Task<StoredFile?> FindOutputAsync(string sessionId, string outputPath, CancellationToken cancellationToken) =>
        await store.FindByUniqueNameAsync(Kind, OutputKey(sessionId, outputPath), cancellationToken) is { } record
            ? FilesJsonContext.Deserialize(record.Data)
            : null;

    public Task<ResourcePage> ListAsync(ResourceQuery query, CancellationToken cancellationToken) => store.ListAsync(Kind, query, cancellationToken);

    /// <summary>Removes the record and the bytes; false when there was no such file.</summary>
    public async Task<bool> DeleteAsync(string fileId, CancellationToken cancellationToken)
    {
        if (!DroverIds.HasPrefix(fileId, DroverIds.File) || !await store.DeleteAsync(Kind, fileId, cancellationToken))
        {
            return false;
        }

        File.Delete(HostPathOf(fileId));
        return true;
    }

    /// <summary>Deletes every file scoped to the session (its outputs); uploaded files it mounted are not touched.</summary>
    public async Task DeleteScopeAsync(string sessionId, CancellationToken cancellationToken)
    {
        var filter = new ResourceFilter("scope.id", sessionId);
        while (true)
        {
            var page = await store.ListAsync(Kind, new ResourceQuery { Limit = 100, Filters = [filter] }, cancellationToken);
            if (page.Items.Count == 0)
            {
                return;
            }

            foreach (var record in page.Items)
            {
                await DeleteAsync(record.Id, cancellationToken);
            }
        }
    }

    // A hash keeps the unique name short whatever the path (PostgreSQL limits the size of an index entry).
    private static string OutputKey(string sessionId, string outputPath) =>
        $"output:{sessionId}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(outputPath)))}";
}
