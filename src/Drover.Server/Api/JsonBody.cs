using System.Text.Json;

namespace Drover.Server.Api;

/// <summary>Reads a request body as one JSON object, answering malformed input with a 400 in the envelope.</summary>
internal static class JsonBody
{
    /// <summary>The body's root object. An empty body reads as <c>{}</c> when <paramref name="emptyIsObject"/> (archive, ack...).</summary>
    public static async Task<JsonDocument> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken, bool emptyIsObject = false)
    {
        JsonDocument document;
        try
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            if (buffer.Length == 0)
            {
                return emptyIsObject ? JsonDocument.Parse("{}") : throw ApiException.InvalidRequest("The request body is empty; expected a JSON object.");
            }

            document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (JsonException ex)
        {
            throw ApiException.InvalidRequest($"The request body is not valid JSON: {ex.Message}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw ApiException.InvalidRequest("The request body must be a JSON object.");
        }

        return document;
    }
}
