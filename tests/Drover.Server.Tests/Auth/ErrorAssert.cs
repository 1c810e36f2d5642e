using System.Net;
using System.Text.Json;

namespace Drover.Server.Tests.Auth;

/// <summary>Checks an error response: status, the envelope's <c>error.type</c>, and returns its message.</summary>
internal static class ErrorAssert
{
    public static async Task<string> EnvelopeAsync(HttpResponseMessage response, HttpStatusCode status, string type)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        using var body = JsonDocument.Parse(text);
        Assert.Equal("error", body.RootElement.GetProperty("type").GetString());
        var error = body.RootElement.GetProperty("error");
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal("false", Assert.Single(response.Headers.GetValues("x-should-retry")));
        return error.GetProperty("message").GetString()!;
    }
}
