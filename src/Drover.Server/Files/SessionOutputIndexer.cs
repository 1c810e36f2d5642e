using Drover.Hands;
using Microsoft.Extensions.Options;

namespace Drover.Server.Files;

/// <summary>
/// Copies what a session left in <c>/mnt/session/outputs/</c> into the Files API, scoped to the session (listed by
/// <c>GET /v1/files?scope_id=</c>, downloadable, deleted with the session). Runs when a run settles, before the
/// session's status reads <c>idle</c>; a file already indexed with the same size and modification time is skipped, a
/// changed one gets new bytes under the same id. Files deleted from the folder stay indexed.
/// </summary>
internal sealed partial class SessionOutputIndexer(FileStore files, IOptions<FilesOptions> options, ILogger<SessionOutputIndexer> logger, ISessionOutputs? outputs = null)
{
    /// <summary>The most files of one session's outputs folder indexed.</summary>
    public const int MaxOutputs = 1000;

    /// <summary>Indexes the session's outputs; failures are logged, never thrown (the session's status must still be written).</summary>
    public async Task IndexAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (outputs is null)
        {
            return;
        }

        IReadOnlyList<SessionOutputFile> listed;
        try
        {
            listed = outputs.List(sessionId, MaxOutputs);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(logger, e, sessionId, "(listing)");
            return;
        }

        foreach (var output in listed)
        {
            try
            {
                await IndexOneAsync(sessionId, output, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e, sessionId, output.Path);
            }
        }
    }

    private async Task IndexOneAsync(string sessionId, SessionOutputFile output, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxBytes;
        if (output.SizeBytes > maxBytes)
        {
            LogTooLarge(logger, sessionId, output.Path, output.SizeBytes, maxBytes);
            return;
        }

        var modifiedMs = output.ModifiedAt.ToUnixTimeMilliseconds();
        var existing = await files.FindOutputAsync(sessionId, output.Path, cancellationToken);
        if (existing is not null && existing.SizeBytes == output.SizeBytes && existing.OutputModifiedMs == modifiedMs)
        {
            return;
        }

        string? temporary;
        await using (var source = outputs!.OpenRead(sessionId, output.Path))
        {
            temporary = await files.SaveTemporaryAsync(source, maxBytes, cancellationToken);
        }

        // It grew past the limit since it was listed (the sandbox may still be writing).
        if (temporary is null)
        {
            LogTooLarge(logger, sessionId, output.Path, maxBytes + 1, maxBytes);
            return;
        }

        try
        {
            var name = Path.GetFileName(output.Path);
            _ = existing is null
                ? await files.CommitAsync(temporary, name, FilesEndpoints.MimeTypeOf(null, name), downloadable: true, new FileScope(sessionId), output.Path, modifiedMs, cancellationToken)
                : await files.ReplaceOutputAsync(existing, temporary, modifiedMs, cancellationToken);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An output of session {SessionId} could not be indexed: {Path}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string sessionId, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An output of session {SessionId} is not indexed: {Path} has {Size} bytes, more than Files:MaxBytes ({MaxBytes})")]
    private static partial void LogTooLarge(ILogger logger, string sessionId, string path, long size, long maxBytes);
}
