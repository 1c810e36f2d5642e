using Drover.Server.Api;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Drover.Server.Files;

internal static partial class FilesEndpoints
{
    // Room for the multipart framing and the small form fields around the file.
    private const long FramingAllowance = 64 * 1024;
    private const int MaxFilenameLength = 255;

    private static readonly FileExtensionContentTypeProvider s_contentTypes = new();

    /// <summary>
    /// <c>POST /v1/files</c>: <c>multipart/form-data</c> with one <c>file</c> part (other parts, such as
    /// <c>expires_in_seconds</c>, are read and ignored). The part is streamed to a temporary file and never held in
    /// memory; more than <see cref="FilesOptions.MaxBytes"/> is a 413.
    /// </summary>
    private static async Task<IResult> UploadAsync(HttpContext context, FileStore files, IOptions<FilesOptions> options, CancellationToken cancellationToken)
    {
        var maxBytes = options.Value.MaxBytes;
        var request = context.Request;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = maxBytes + FramingAllowance;
        }

        if (request.ContentLength > maxBytes + FramingAllowance)
        {
            throw TooLarge(maxBytes);
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw ApiException.InvalidRequest("The body must be multipart/form-data with a `file` part.");
        }

        var reader = new MultipartReader(boundary, request.Body);
        StoredFile? stored = null;
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    throw ApiException.InvalidRequest("Every part of the body must have a Content-Disposition of form-data.");
                }

                if (HeaderUtilities.RemoveQuotes(disposition.Name).Value != "file")
                {
                    await section.Body.DrainAsync(cancellationToken);
                    continue;
                }

                if (stored is not null)
                {
                    throw ApiException.InvalidRequest("file: give exactly one `file` part.");
                }

                var filename = ReadFilename(disposition, section.ContentType);
                var mimeType = MimeTypeOf(section.ContentType, filename);
                stored = await SaveAsync(files, section.Body, filename, mimeType, maxBytes, options.Value.UploadsDownloadable, cancellationToken);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException and not BadHttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            await DeleteRefusedAsync(files, stored);
            throw ApiException.InvalidRequest($"The multipart body could not be read: {e.Message}");
        }
        catch
        {
            // A refused request leaves no file behind, even when its first part was stored already.
            await DeleteRefusedAsync(files, stored);
            throw;
        }

        return stored is not null
            ? TypedResults.Json(stored.ToMetadata(), FilesJsonContext.Default.FileMetadata)
            : throw ApiException.InvalidRequest("file: the body has no `file` part.");
    }

    private static async Task DeleteRefusedAsync(FileStore files, StoredFile? stored)
    {
        if (stored is not null)
        {
            await files.DeleteAsync(stored.Id, CancellationToken.None);
        }
    }

    private static async Task<StoredFile> SaveAsync(FileStore files, Stream content, string filename, string mimeType, long maxBytes, bool downloadable, CancellationToken cancellationToken)
    {
        var temporary = await files.SaveTemporaryAsync(content, maxBytes, cancellationToken) ?? throw TooLarge(maxBytes);
        try
        {
            return await files.CommitAsync(temporary, filename, mimeType, downloadable, scope: null, outputPath: null, outputModifiedMs: null, cancellationToken);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// As the hosted API: only the last path component of the part's filename is kept, and a missing or empty one
    /// becomes <c>unnamed</c> plus the extension of the part's type, when known.
    /// </summary>
    private static string ReadFilename(ContentDispositionHeaderValue disposition, string? partType)
    {
        var given = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value is { Length: > 0 } star ? star : HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "";
        var name = given[(given.LastIndexOfAny(['/', '\\']) + 1)..];
        if (name.Length == 0)
        {
            var type = MediaTypeHeaderValue.TryParse(partType, out var parsed) ? parsed.MediaType.Value : null;
            var extension = type is null ? null : s_contentTypes.Mappings.FirstOrDefault(m => m.Value.Equals(type, StringComparison.OrdinalIgnoreCase)).Key;
            name = "unnamed" + extension;
        }

        return name.Length <= MaxFilenameLength && !name.Any(char.IsControl)
            ? name
            : throw ApiException.InvalidRequest($"file: the filename must be at most {MaxFilenameLength} characters without control characters.");
    }

    /// <summary>The part's own type, unless it is missing or the generic octet-stream: then the one its extension implies.</summary>
    internal static string MimeTypeOf(string? partType, string filename)
    {
        if (MediaTypeHeaderValue.TryParse(partType, out var given) && !given.MediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return given.MediaType.Value!;
        }

        return s_contentTypes.TryGetContentType(filename, out var guessed) ? guessed : "application/octet-stream";
    }

    private static ApiException TooLarge(long maxBytes) =>
        ApiException.TooLarge($"file: larger than the {maxBytes} bytes this server accepts (Files:MaxBytes).");
}
