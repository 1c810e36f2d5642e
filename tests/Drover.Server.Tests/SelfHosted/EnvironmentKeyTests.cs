using System.Net.Http.Json;
using System.Text.Json;
using Drover.Resources;
using Microsoft.Extensions.DependencyInjection;
using static Drover.Server.Tests.SelfHosted.SelfHostedApi;

namespace Drover.Server.Tests.SelfHosted;

/// <summary>Environment keys: shown once, stored hashed, revocable, and good only for their environment's work queue.</summary>
public sealed class EnvironmentKeyTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private readonly SelfHostedApi _api = new(server);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_key_is_shown_once_stored_as_a_hash_and_stops_working_when_revoked()
    {
        var environmentId = await _api.CreateEnvironmentAsync();
        var created = await _api.CreateKeyAsync(environmentId);
        var secret = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("sk-drover-env-", secret, StringComparison.Ordinal);
        Assert.Equal(environmentId, created.GetProperty("environment_id").GetString());

        var list = await _api.Admin.GetFromJsonAsync<JsonElement>($"/v1/drover/environments/{environmentId}/keys", Ct);
        var listed = Assert.Single(list.GetProperty("data").EnumerateArray());
        Assert.False(listed.TryGetProperty("key", out _));
        var stored = await server.Services.GetRequiredService<IResourceStore>().GetAsync("environment_key", id, cancellationToken: Ct);
        Assert.DoesNotContain(secret, stored!.Data, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored.UniqueName!, StringComparison.Ordinal);

        var worker = _api.Worker(secret);
        var (status, body) = await SendAsync(worker, HttpMethod.Get, $"/v1/environments/{environmentId}/work/poll");
        Assert.Equal(200, status);
        Assert.Equal(JsonValueKind.Null, body.ValueKind);

        await PostAsync(_api.Admin, $"/v1/drover/environments/{environmentId}/keys/{id}/revoke", "{}");
        (status, body) = await SendAsync(worker, HttpMethod.Get, $"/v1/environments/{environmentId}/work/poll");
        Assert.Equal(401, status);
        Assert.Equal("authentication_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("GET", "/v1/agents")]
    [InlineData("GET", "/v1/environments")]
    [InlineData("GET", "/v1/environments/{env}")]
    [InlineData("GET", "/v1/sessions")]
    [InlineData("POST", "/v1/sessions")]
    [InlineData("GET", "/v1/drover/api_keys")]
    [InlineData("GET", "/v1/drover/environments/{env}/keys")]
    [InlineData("GET", "/v1/environments/{other}/work/poll")]
    [InlineData("GET", "/v1/environments/{other}/work/stats")]
    [InlineData("GET", "/v1/environments/{env}/work/work_01JD5V3N8W4K2M7Q9R6T1X0YZB")]
    [InlineData("GET", "/v1/sessions/{session}")]
    [InlineData("GET", "/v1/sessions/{session}/events")]
    [InlineData("GET", "/v1/sessions/{session}/events/stream")]
    [InlineData("POST", "/v1/sessions/{session}/events")]
    public async Task An_environment_key_is_refused_everything_but_its_queue_and_held_sessions(string method, string path)
    {
        var environmentId = await _api.CreateEnvironmentAsync();
        var other = await _api.CreateEnvironmentAsync();
        var session = await _api.CreateSessionAsync(environmentId);
        var key = (await _api.CreateKeyAsync(environmentId)).GetProperty("key").GetString()!;
        path = path.Replace("{env}", environmentId, StringComparison.Ordinal).Replace("{other}", other, StringComparison.Ordinal).Replace("{session}", session, StringComparison.Ordinal);

        var (status, body) = await SendAsync(_api.Worker(key), new HttpMethod(method), path, method == "POST" ? """{"events":[{"type":"user.message","content":[{"type":"text","text":"hi"}]}]}""" : null);

        Assert.Equal(403, status);
        Assert.Equal("permission_error", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Keys_are_made_only_for_self_hosted_environments()
    {
        var cloud = await _api.CreateEnvironmentAsync(selfHosted: false);
        var (status, body) = await SendAsync(_api.Admin, HttpMethod.Post, $"/v1/drover/environments/{cloud}/keys", """{"name":"k"}""");
        Assert.Equal(400, status);
        Assert.StartsWith("environment_id:", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
