using System.Net;
using System.Text;
using System.Text.Json;

namespace Drover.Server.Tests;

/// <summary>Raw-HTTP helpers for refusal tests: JSON bodies written with single quotes, and the error envelope checked whole.</summary>
internal static class ApiAssert
{
    /// <summary>A JSON request body; <paramref name="json"/> may use single quotes for readability.</summary>
    public static StringContent Json(string json) => new(json.Replace('\'', '"'), Encoding.UTF8, "application/json");

    /// <summary>
    /// Checks a refusal: the status, <c>x-should-retry: false</c>, the Anthropic envelope with its error type, a
    /// message that starts with the field it names, and the details error code when one is expected.
    /// </summary>
    public static async Task<string> ErrorAsync(HttpResponseMessage response, HttpStatusCode status, string errorType, string? field, string? errorCode = null)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("false", Assert.Single(response.Headers.GetValues("x-should-retry")));
        using var document = JsonDocument.Parse(body);
        Assert.Equal("error", document.RootElement.GetProperty("type").GetString());
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(errorType, error.GetProperty("type").GetString());
        var message = error.GetProperty("message").GetString()!;
        if (field is not null)
        {
            Assert.StartsWith(field + ":", message, StringComparison.Ordinal);
        }

        if (errorCode is not null)
        {
            Assert.Equal(errorCode, error.GetProperty("details").GetProperty("error_code").GetString());
        }

        return message;
    }

    public static Task<string> BadRequestAsync(HttpResponseMessage response, string? field, string? errorCode = null) =>
        ErrorAsync(response, HttpStatusCode.BadRequest, "invalid_request_error", field, errorCode);

    public static Task<string> NotFoundAsync(HttpResponseMessage response, string field) =>
        ErrorAsync(response, HttpStatusCode.NotFound, "not_found_error", field);

    public static Task<string> ConflictAsync(HttpResponseMessage response, string field) =>
        ErrorAsync(response, HttpStatusCode.Conflict, "invalid_request_error", field);
}
