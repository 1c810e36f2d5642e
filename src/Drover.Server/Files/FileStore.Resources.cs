using Drover.Server.Api;
using Drover.Server.Sessions;

namespace Drover.Server.Files;

internal sealed partial class FileStore
{
    /// <summary>Every <c>file</c> resource of a session create request must name a stored file: 404 naming the resource otherwise.</summary>
    public async Task RequireResourceFilesAsync(IReadOnlyList<SessionResourceInput> resources, CancellationToken cancellationToken)
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
                throw new ApiException(StatusCodes.Status404NotFound, ApiErrorTypes.NotFound, $"resources[{i}].file_id: no file '{fileId}'.", "file_not_found");
            }
        }
    }
}
