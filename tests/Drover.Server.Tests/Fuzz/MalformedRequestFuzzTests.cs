using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Drover.Resources;
using Drover.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Server.Tests.Fuzz;

/// <summary>
/// Over a thousand malformed requests across the API: none may get a 5xx, every answer is the error envelope,
/// and nothing stored changes.
/// </summary>
public sealed class MalformedRequestFuzzTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private static readonly HashSet<string> s_errorTypes =
        ["invalid_request_error", "authentication_error", "permission_error", "not_found_error", "request_too_large", "rate_limit_error"];

    private static readonly string[] s_kinds = ["agent", "environment", "session", "api_key"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Malformed_requests_get_4xx_envelopes_and_change_nothing()
    {
        using var http = server.CreateHttpClient();
        var agent = await CreateAsync(http, "/v1/agents", """{"name":"fuzz","model":"claude-sonnet-4-5"}""");
        var environment = await CreateAsync(http, "/v1/environments", $$"""{"name":"fuzz-{{Guid.NewGuid():N}}"}""");
        var session = await CreateAsync(http, "/v1/sessions", $$"""{"agent":"{{agent}}","environment_id":"{{environment}}"}""");
        MalformedRequests.Seed[] seeds =
        [
            new("POST", "/v1/agents", """{"name":"a","model":"claude-sonnet-4-5","system":"s","metadata":{"k":"v"},"tools":[{"type":"agent_toolset_20260401"}]}"""),
            new("POST", $"/v1/agents/{agent}", """{"version":1,"name":"renamed","description":"d"}"""),
            new("POST", "/v1/environments", """{"name":"e","config":{"type":"cloud","networking":{"type":"unrestricted"}},"metadata":{}}"""),
            new("POST", $"/v1/environments/{environment}", """{"name":"other","description":"d","metadata":{"a":"b"}}"""),
            new("POST", "/v1/sessions", $$$"""{"agent":"{{{agent}}}","environment_id":"{{{environment}}}","title":"t","metadata":{}}"""),
            new("POST", $"/v1/sessions/{session}", """{"title":"t2","metadata":{"x":"y"}}"""),
            new("POST", $"/v1/sessions/{session}/events", """{"events":[{"type":"user.message","content":[{"type":"text","text":"hi"}]}]}"""),
        ];
        (string, string[])[] lists =
        [
            ("/v1/agents", ["include_archived=maybe", "created_at[gte]=yesterday", "created_at[lte]=2026-13-45T00:00:00Z"]),
            ("/v1/environments", ["include_archived=maybe"]),
            ("/v1/sessions", ["include_archived=maybe", "order=sideways", "statuses[]=sleeping", "agent_version=3", "agent_id=env_01ARZ3NDEKTSV4RRFFQ69G5FAV", "created_at[gt]=soon"]),
            ($"/v1/sessions/{session}/events", ["order=sideways", "order=ASC", "created_at[gt]=soon", "created_at[lte]=2026-02-30T00:00:00Z"]),
            ($"/v1/agents/{agent}/versions", []),
        ];
        string[] idPaths =
        [
            "/v1/agents/{id}", "/v1/agents/{id}/archive", "/v1/agents/{id}/versions", "/v1/environments/{id}", "/v1/environments/{id}/archive",
            "/v1/sessions/{id}", "/v1/sessions/{id}/archive", "/v1/sessions/{id}/events", "/v1/sessions/{id}/events/stream",
        ];
        var before = await SnapshotAsync([session]);

        var cases = Enumerable.Range(1, 5).SelectMany(seed => MalformedRequests.From(seeds, lists, idPaths, seed)).ToList();
        var failures = new List<string>();
        foreach (var c in cases)
        {
            if (await CheckAsync(http, c) is { } failure)
            {
                failures.Add(failure);
            }
        }

        Assert.True(cases.Count >= 1000, $"Only {cases.Count} cases were generated.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} malformed requests were mishandled:\n{string.Join('\n', failures.Take(30))}");
        Assert.Equal(before, await SnapshotAsync([session]));
    }

    private static async Task<string?> CheckAsync(HttpClient http, MalformedRequests.Case c)
    {
        using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
        if (c.Body is not null)
        {
            request.Content = new ByteArrayContent(c.Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        var what = $"{c.Method} {c.Path[..Math.Min(80, c.Path.Length)]} ({c.Why}) -> {(int)response.StatusCode}";
        if ((int)response.StatusCode is < 400 or >= 500)
        {
            return what + ": " + await ReadSomeAsync(response);
        }

        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            var error = body.RootElement.GetProperty("error");
            return body.RootElement.GetProperty("type").GetString() == "error"
                && s_errorTypes.Contains(error.GetProperty("type").GetString()!)
                && error.GetProperty("message").GetString() is { Length: > 0 }
                && response.Headers.Contains("request-id")
                ? null
                : what + ": not the error envelope";
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return what + ": body is not the error envelope";
        }
    }

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        return text[..Math.Min(200, text.Length)];
    }

    private async Task<string> SnapshotAsync(string[] sessionIds)
    {
        var store = server.Services.GetRequiredService<IResourceStore>();
        var log = server.Services.GetRequiredService<ISessionLog>();
        var snapshot = new StringBuilder();
        foreach (var kind in s_kinds)
        {
            var page = await store.ListAsync(kind, new ResourceQuery { Limit = 1000, IncludeArchived = true }, Ct);
            foreach (var r in page.Items)
            {
                snapshot.Append(r.Kind).Append(r.Id).Append(r.Version).Append(r.Revision).Append(r.Data).Append('\n');
            }
        }

        foreach (var id in sessionIds)
        {
            snapshot.Append(id).Append(':').Append((await log.GetSessionAsync(id, Ct))?.LastSequence).Append('\n');
        }

        return snapshot.ToString();
    }

    private static async Task<string> CreateAsync(HttpClient http, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path} failed: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
    }
}
