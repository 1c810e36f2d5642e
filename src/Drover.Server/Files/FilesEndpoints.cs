using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;
using Microsoft.AspNetCore.Mvc;

namespace Drover.Server.Files;

/// <summary>
/// <c>/v1/files</c>: upload (multipart, streamed to disk), list (newest first, optionally one session's outputs),
/// retrieve metadata, download and delete.
/// </summary>
internal static partial class FilesEndpoints
{
    private const int DefaultListLimit = 20;
    private const int MaxListLimit = 1000;

    private static readonly string[] s_pagingParameters = ["page", "after_id", "before_id"];

    public static IServiceCollection AddFiles(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<FilesOptions>().Bind(configuration.GetSection(FilesOptions.Section))
            .Validate(o => o.MaxBytes > 0, "Files:MaxBytes must be positive.")
            .ValidateOnStart();
        services.AddSingleton<FileStore>();
        services.AddSingleton<SessionOutputIndexer>();
        return services;
    }

    public static RouteGroupBuilder MapFiles(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/files");
        group.MapPost("", UploadAsync);
        group.MapGet("", ListAsync);
        group.MapGet("/{file_id}", RetrieveAsync);
        group.MapGet("/{file_id}/content", DownloadAsync);
        group.MapDelete("/{file_id}", DeleteAsync);
        return group;
    }

    private static async Task<IResult> RetrieveAsync([FromRoute(Name = "file_id")] string fileId, FileStore files, CancellationToken cancellationToken) =>
        TypedResults.Json((await files.GetAsync(fileId, cancellationToken)).ToMetadata(), FilesJsonContext.Default.FileMetadata);

    /// <summary>The bytes, with the file's MIME type and its name as an attachment; 400 <c>file_not_downloadable</c> when it is not.</summary>
    private static async Task<IResult> DownloadAsync([FromRoute(Name = "file_id")] string fileId, FileStore files, CancellationToken cancellationToken)
    {
        var file = await files.GetAsync(fileId, cancellationToken);
        if (!file.Downloadable)
        {
            throw ApiException.InvalidRequest($"file_id: file '{fileId}' is not downloadable (uploaded files are not, on this server; see Files:UploadsDownloadable).", "file_not_downloadable");
        }

        var path = files.HostPathOf(fileId);
        return File.Exists(path)
            ? TypedResults.PhysicalFile(path, file.MimeType, file.Filename, enableRangeProcessing: true)
            : throw ApiException.NotFound($"file_id: no file '{fileId}'.");
    }

    private static async Task<IResult> DeleteAsync([FromRoute(Name = "file_id")] string fileId, FileStore files, CancellationToken cancellationToken) =>
        await files.DeleteAsync(fileId, cancellationToken)
            ? TypedResults.Json(new FileDeleted(fileId), FilesJsonContext.Default.FileDeleted)
            : throw ApiException.NotFound($"file_id: no file '{fileId}'.");

    /// <summary>
    /// Newest first. Pages with <c>page</c> / <c>next_page</c> as both official SDKs do, or with <c>after_id</c> /
    /// <c>before_id</c> and <c>has_more</c>, <c>first_id</c>, <c>last_id</c> as the older Files API did; every page carries
    /// both. <c>scope_id</c> lists the outputs of one session, <c>ids[]</c> picks files by id.
    /// </summary>
    private static async Task<IResult> ListAsync(HttpRequest request, FileStore files, CancellationToken cancellationToken)
    {
        List<ResourceFilter> filters = [];
        if (request.Query["scope_id"].ToString() is { Length: > 0 } scopeId)
        {
            filters.Add(DroverIds.HasPrefix(scopeId, DroverIds.Session)
                ? new ResourceFilter("scope.id", scopeId)
                : throw ApiException.InvalidRequest($"scope_id: must be a session id (sesn_...), not '{scopeId}'."));
        }

        if (Query.List(request, "ids") is { Length: > 0 } ids)
        {
            filters.Add(ids.Length <= MaxListLimit ? new ResourceFilter("id", ids) : throw ApiException.InvalidRequest($"ids: at most {MaxListLimit} ids."));
        }

        var (cursor, backward) = await CursorAsync(request, files, cancellationToken);
        var page = await files.ListAsync(new ResourceQuery
        {
            Limit = Query.Int(request, "limit", DefaultListLimit, min: 1, max: MaxListLimit),
            Cursor = cursor,
            Descending = true,
            Filters = filters,
        }, cancellationToken);
        var data = page.Items.Select(r => FilesJsonContext.Deserialize(r.Data).ToMetadata()).ToList();
        var hasMore = backward ? page.PrevCursor is not null : page.NextCursor is not null;
        return TypedResults.Json(
            new FileList(data, hasMore, data.FirstOrDefault()?.Id, data.LastOrDefault()?.Id, page.NextCursor),
            FilesJsonContext.Default.FileList);
    }

    /// <summary>At most one of <c>page</c>, <c>after_id</c> (the files listed after that one) and <c>before_id</c> (the page just before it).</summary>
    private static async Task<(string? Cursor, bool Backward)> CursorAsync(HttpRequest request, FileStore files, CancellationToken cancellationToken)
    {
        var given = s_pagingParameters.Where(name => request.Query[name].ToString().Length > 0).ToList();
        if (given.Count > 1)
        {
            throw ApiException.InvalidRequest($"{given[1]}: give only one of page, after_id and before_id.");
        }

        if (given.Count == 0)
        {
            return (null, false);
        }

        var name = given[0];
        var value = request.Query[name].ToString();
        if (name == "page")
        {
            return (value, false);
        }

        var record = await files.GetRecordAsync(value, cancellationToken) ?? throw ApiException.InvalidRequest($"{name}: no file '{value}'.");
        var backward = name == "before_id";
        return (ResourcePaging.CursorAt(record, descending: true, backward), backward);
    }
}
