using Drover.Resources;
using Drover.Server.Api;

namespace Drover.Server.Files;

internal sealed partial class FileStore
{
    /// <summary>
    /// Gives an indexed output new bytes (a finished temporary file) and the size and modification time they came with;
    /// the id stays, so a session that rewrites an output keeps one file per path.
    /// </summary>
    public async Task<StoredFile> ReplaceOutputAsync(StoredFile existing, string temporaryPath, long outputModifiedMs, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(Kind, existing.Id, cancellationToken: cancellationToken)
            ?? throw new ResourceNotFoundException(Kind, existing.Id);
        var updated = existing with { SizeBytes = new FileInfo(temporaryPath).Length, OutputModifiedMs = outputModifiedMs };
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporaryPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        File.Move(temporaryPath, HostPathOf(existing.Id), overwrite: true);
        await store.UpdateAsync(record with { Data = FilesJsonContext.Serialize(updated), UpdatedAt = ApiTimestamps.Truncate(time.GetUtcNow()) }, record.Version, newVersion: false, cancellationToken);
        return updated;
    }
}
