using Drover.Server.Api;
using Drover.Server.Sessions;

namespace Drover.Server.Files;

internal sealed partial class FileStore
{
    /// <summary>
    /// Checks that every <c>file</c> resource of a session create request names a stored file (404 naming the resource
    /// otherwise) and gives the session its own copy of each: a hard link in <c>&lt;data&gt;/files/sessions/&lt;session&gt;</c>
    /// (a copy across file systems), so deleting the original later leaves the session's mount intact.
    /// </summary>
    public async Task CopyForSessionAsync(string sessionId, IReadOnlyList<SessionResourceInput> resources, CancellationToken cancellationToken)
    {
        for (var i = 0; i < resources.Count; i++)
        {
            if (resources[i].Type != SessionResourceReader.File)
            {
                continue;
            }

            var fileId = resources[i].Document.GetProperty("file_id").GetString()!;
            try
            {
                await GetAsync(fileId, cancellationToken);
            }
            catch (ApiException e) when (e.Status == StatusCodes.Status404NotFound)
            {
                DeleteSessionCopies(sessionId);
                throw new ApiException(StatusCodes.Status404NotFound, ApiErrorTypes.NotFound, $"resources[{i}].file_id: no file '{fileId}'.", "file_not_found");
            }

            var copy = SessionCopyPath(sessionId, resources[i].Id!);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            HardLinks.LinkOrCopy(HostPathOf(fileId), copy);
        }
    }

    /// <summary>The session's own copy of the file of its resource <paramref name="resourceId"/>.</summary>
    public string SessionCopyPath(string sessionId, string resourceId) => Path.Combine(Root, "sessions", sessionId, resourceId);

    public void DeleteSessionCopies(string sessionId)
    {
        var directory = Path.Combine(Root, "sessions", sessionId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
