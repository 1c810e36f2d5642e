using System.Text.Json;

namespace Drover.Server.Api;

/// <summary>
/// A list response of stored JSON documents: <c>{"data":[...],"next_page":...}</c>, plus <c>prev_page</c> where the
/// endpoint is bidirectional. Items are written through as stored, not re-serialised.
/// </summary>
internal sealed class ListPage(IEnumerable<string> items, string? nextPage, bool withPrevPage = false, string? prevPage = null) : IResult
{
    private bool _withNextPage = true;

    /// <summary><c>{"data":[...]}</c> alone, as the send-events response is.</summary>
    public static ListPage DataOnly(IEnumerable<string> items) => new(items, null) { _withNextPage = false };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        foreach (var item in items)
        {
            writer.WriteRawValue(item, skipInputValidation: true);
        }

        writer.WriteEndArray();
        if (_withNextPage)
        {
            writer.WriteString("next_page", nextPage);
        }

        if (withPrevPage)
        {
            writer.WriteString("prev_page", prevPage);
        }

        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
