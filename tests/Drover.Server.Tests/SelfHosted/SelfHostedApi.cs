using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Drover.Server.Tests.SelfHosted;

/// <summary>Sets up self-hosted environments, keys and sessions over HTTP, and calls the work queue as a worker does.</summary>
internal sealed class SelfHostedApi(DroverServerFixture server)
{
    public const string Toolset = """{"type":"agent_toolset_20260401"}""";

    private readonly HttpClient _admin = server.CreateHttpClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<string> CreateEnvironmentAsync(bool selfHosted = true) =>
        (await PostAsync(_admin, "/v1/environments", $$$"""{"name":"env-{{{Guid.NewGuid():N}}}","config":{"type":"{{{(selfHosted ? "self_hosted" : "cloud")}}}"}}""")).GetProperty("id").GetString()!;

    public async Task<JsonElement> CreateKeyAsync(string environmentId) =>
        await PostAsync(_admin, $"/v1/drover/environments/{environmentId}/keys", """{"name":"worker"}""");

    public async Task<string> CreateSessionAsync(string environmentId)
    {
        var agent = (await PostAsync(_admin, "/v1/agents", $$"""{"name":"a-{{Guid.NewGuid():N}}","model":"claude-sonnet-4-5","tools":[{{Toolset}}]}""")).GetProperty("id").GetString()!;
        return (await PostAsync(_admin, "/v1/sessions", $$"""{"agent":"{{agent}}","environment_id":"{{environmentId}}"}""")).GetProperty("id").GetString()!;
    }

    /// <summary>A client that authenticates as the SDK worker does: <c>Authorization: Bearer &lt;environment key&gt;</c>.</summary>
    public HttpClient Worker(string environmentKey)
    {
        var client = server.CreateHttpClient(apiKey: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", environmentKey);
        return client;
    }

    public HttpClient Admin => _admin;

    public static async Task<JsonElement> PostAsync(HttpClient client, string path, string json)
    {
        using var response = await client.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Polls until an item comes (the harness queues it once the model's call waits), or fails after the timeout.</summary>
    public static async Task<JsonElement> PollUntilWorkAsync(HttpClient worker, string environmentId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            var work = await worker.GetFromJsonAsync<JsonElement>($"/v1/environments/{environmentId}/work/poll?block_ms=999", Ct);
            if (work.ValueKind == JsonValueKind.Object)
            {
                return work.Clone();
            }
        }

        Assert.Fail($"No work came for environment {environmentId}.");
        return default;
    }

    public static async Task<(int Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        if (path.EndsWith("/stream", StringComparison.Ordinal) && response.IsSuccessStatusCode)
        {
            return ((int)response.StatusCode, default);
        }

        var text = await response.Content.ReadAsStringAsync(Ct);
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
