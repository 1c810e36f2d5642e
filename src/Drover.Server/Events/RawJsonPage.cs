using System.Text.Json;
using Drover.Sessions;

namespace Drover.Server.Events;

/// <summary>A list page whose items are stored JSON, written through without re-serialising: <c>{"data":[...],"next_page":...}</c>.</summary>
internal sealed class RawJsonPage(IReadOnlyList<StoredEvent> items, string? nextPage, bool includeNextPage = true) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteStartArray("data");
        foreach (var item in items)
        {
            writer.WriteRawValue(item.Json, skipInputValidation: true);
        }

        writer.WriteEndArray();
        if (includeNextPage)
        {
            writer.WriteString("next_page", nextPage);
        }

        writer.WriteEndObject();
        await writer.FlushAsync(httpContext.RequestAborted);
    }
}
