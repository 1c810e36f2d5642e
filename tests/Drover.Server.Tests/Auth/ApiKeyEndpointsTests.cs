using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Anthropic.Exceptions;
using Anthropic.Models.Beta.Sessions.Events;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Server.Tests.Auth;

/// <summary><c>/v1/drover/api_keys</c>: creating, listing and revoking keys, admin keys only.</summary>
public sealed class ApiKeyEndpointsTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IResourceStore Store => server.Services.GetRequiredService<IResourceStore>();

    [Fact]
    public async Task Create_shows_the_secret_once_and_stores_only_its_hash()
    {
        using var admin = server.CreateHttpClient();

        using var response = await admin.PostAsJsonAsync("/v1/drover/api_keys", new { name = "ci runner" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var root = created.RootElement;
        var id = root.GetProperty("id").GetString()!;
        var secret = root.GetProperty("key").GetString()!;
        Assert.True(DroverIds.HasPrefix(id, DroverIds.ApiKey), id);
        Assert.Equal("api_key", root.GetProperty("type").GetString());
        Assert.Equal("ci runner", root.GetProperty("name").GetString());
        Assert.Equal("member", root.GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("revoked_at").ValueKind);
        Assert.Matches("^sk-drover-[A-Za-z0-9_-]{43}$", secret);
        Assert.Equal("sk-drover-..." + secret[^4..], root.GetProperty("partial_key_hint").GetString());

        var stored = await Store.GetAsync(ApiKeyStore.Kind, id, cancellationToken: Ct);
        Assert.NotNull(stored);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), stored.UniqueName);
        Assert.DoesNotContain(secret[10..], stored.Data, StringComparison.Ordinal);
        Assert.DoesNotContain("\"key\"", await admin.GetStringAsync(new Uri($"/v1/drover/api_keys/{id}", UriKind.Relative), Ct), StringComparison.Ordinal);
        Assert.DoesNotContain(secret[10..], await admin.GetStringAsync(new Uri("/v1/drover/api_keys?limit=100", UriKind.Relative), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Created_key_works_at_once_in_either_header()
    {
        var (_, secret) = await CreateKeyAsync("admin");
        using var viaHeader = server.CreateHttpClient(secret);
        using var viaBearer = server.CreateHttpClient(apiKey: null);
        viaBearer.DefaultRequestHeaders.Authorization = new("Bearer", secret);

        Assert.Equal(HttpStatusCode.OK, (await viaHeader.GetAsync(new Uri("/v1/drover/api_keys", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viaBearer.GetAsync(new Uri("/v1/drover/api_keys", UriKind.Relative), Ct)).StatusCode);
    }

    [Theory]
    [InlineData("GET", "/v1/drover/api_keys", null)]
    [InlineData("POST", "/v1/drover/api_keys", """{"name":"sneaky","role":"admin"}""")]
    [InlineData("GET", "/v1/drover/api_keys/{admin}", null)]
    [InlineData("POST", "/v1/drover/api_keys/{admin}/revoke", null)]
    public async Task Member_key_gets_403_on_key_management_and_changes_nothing(string method, string path, string? body)
    {
        var (_, member) = await CreateKeyAsync("member");
        var before = await Store.CountAsync(ApiKeyStore.Kind, [], includeArchived: true, Ct);
        using var http = server.CreateHttpClient(member);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{admin}", ApiKeyStore.FirstKeyId, StringComparison.Ordinal))
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        };

        using var response = await http.SendAsync(request, Ct);

        var message = await ErrorAssert.EnvelopeAsync(response, HttpStatusCode.Forbidden, "permission_error");
        Assert.Contains("admin API key", message, StringComparison.Ordinal);
        Assert.Equal(before, await Store.CountAsync(ApiKeyStore.Kind, [], includeArchived: true, Ct));
        Assert.Null((await Store.GetAsync(ApiKeyStore.Kind, ApiKeyStore.FirstKeyId, cancellationToken: Ct))!.ArchivedAt);
    }

    [Fact]
    public async Task Member_key_passes_authentication_on_other_endpoints()
    {
        var (_, member) = await CreateKeyAsync("member");
        using var http = server.CreateHttpClient(member);

        using var response = await http.GetAsync(new Uri($"/v1/sessions/{DroverIds.New(DroverIds.Session)}/events", UriKind.Relative), Ct);

        await ErrorAssert.EnvelopeAsync(response, HttpStatusCode.NotFound, "not_found_error");
    }

    [Fact]
    public async Task Official_sdk_works_with_a_member_key_it_sends_as_bearer()
    {
        var (_, member) = await CreateKeyAsync("member");
        var sessionId = await TestSessions.CreateAsync(server, Ct);
        var sdk = server.CreateSdkClient(member);
        var send = EventSendParams.FromRawUnchecked(
            new Dictionary<string, JsonElement>(),
            new Dictionary<string, JsonElement>(),
            JsonSerializer.Deserialize<Dictionary<string, JsonElement>>("""{"events":[{"type":"user.message","content":[{"type":"text","text":"hi"}]}]}""")!,
            sessionId);

        var sent = await sdk.Beta.Sessions.Events.Send(sessionId, send, Ct);
        var listed = await sdk.Beta.Sessions.Events.List(sessionId, cancellationToken: Ct);

        Assert.Single(sent.Data!);
        Assert.Single(listed.Items);
        await Assert.ThrowsAsync<AnthropicUnauthorizedException>(() => server.CreateSdkClient("sk-drover-not-a-key-00000000000000").Beta.Sessions.Events.List(sessionId, cancellationToken: Ct));
    }

    [Fact]
    public async Task Revoked_key_is_refused_on_the_next_request_like_an_unknown_one()
    {
        var (id, secret) = await CreateKeyAsync("member");
        using var user = server.CreateHttpClient(secret);
        var probe = new Uri($"/v1/sessions/{DroverIds.New(DroverIds.Session)}/events", UriKind.Relative);
        Assert.Equal(HttpStatusCode.NotFound, (await user.GetAsync(probe, Ct)).StatusCode);
        using var admin = server.CreateHttpClient();

        using var revoke = await admin.PostAsync(new Uri($"/v1/drover/api_keys/{id}/revoke", UriKind.Relative), content: null, Ct);
        using var refused = await user.GetAsync(probe, Ct);

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        using var revoked = JsonDocument.Parse(await revoke.Content.ReadAsStringAsync(Ct));
        Assert.Equal(JsonValueKind.String, revoked.RootElement.GetProperty("revoked_at").ValueKind);
        Assert.Equal(CredentialMiddleware.InvalidMessage, await ErrorAssert.EnvelopeAsync(refused, HttpStatusCode.Unauthorized, "authentication_error"));
        Assert.DoesNotContain(id, await ListIdsAsync(includeRevoked: false));
        Assert.Contains(id, await ListIdsAsync(includeRevoked: true));
    }

    [Fact]
    public async Task Revoking_a_revoked_key_returns_it_unchanged()
    {
        var (id, _) = await CreateKeyAsync("member");
        using var admin = server.CreateHttpClient();
        var path = new Uri($"/v1/drover/api_keys/{id}/revoke", UriKind.Relative);

        var first = await (await admin.PostAsync(path, content: null, Ct)).Content.ReadAsStringAsync(Ct);
        using var again = await admin.PostAsync(path, content: null, Ct);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(first, await again.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("{}", "name:")]
    [InlineData("""{"name":""}""", "name:")]
    [InlineData("""{"name":"x","role":"owner"}""", "role:")]
    [InlineData("""{"name":"x","role":7}""", "role:")]
    [InlineData("""{"name":"x","expires":"never"}""", "expires:")]
    public async Task Create_refuses_bad_input_naming_the_field_and_stores_nothing(string body, string field)
    {
        using var admin = server.CreateHttpClient();
        var before = await Store.CountAsync(ApiKeyStore.Kind, [], includeArchived: true, Ct);

        using var response = await admin.PostAsync(new Uri("/v1/drover/api_keys", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.StartsWith(field, await ErrorAssert.EnvelopeAsync(response, HttpStatusCode.BadRequest, "invalid_request_error"), StringComparison.Ordinal);
        Assert.Equal(before, await Store.CountAsync(ApiKeyStore.Kind, [], includeArchived: true, Ct));
    }

    [Theory]
    [InlineData("GET", "/v1/drover/api_keys/apikey_nope")]
    [InlineData("POST", "/v1/drover/api_keys/apikey_nope/revoke")]
    [InlineData("POST", "/v1/drover/api_keys/apikey_01JD5V3N8W4K2M7Q9R6T1X0YZB/revoke")]
    public async Task Unknown_or_malformed_key_id_is_404(string method, string path)
    {
        using var admin = server.CreateHttpClient();

        using var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), Ct);

        Assert.StartsWith("api_key_id:", await ErrorAssert.EnvelopeAsync(response, HttpStatusCode.NotFound, "not_found_error"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_pages_through_every_key_once_newest_first()
    {
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await CreateKeyAsync("member")).Id);
        }

        using var admin = server.CreateHttpClient();
        var seen = new List<string>();
        var times = new List<string>();
        string? page = null;
        do
        {
            var query = page is null ? "?limit=2" : $"?limit=2&page={Uri.EscapeDataString(page)}";
            using var body = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/v1/drover/api_keys" + query, UriKind.Relative), Ct));
            var data = body.RootElement.GetProperty("data");
            Assert.InRange(data.GetArrayLength(), 1, 2);
            seen.AddRange(data.EnumerateArray().Select(k => k.GetProperty("id").GetString()!));
            times.AddRange(data.EnumerateArray().Select(k => k.GetProperty("created_at").GetString()!));
            page = body.RootElement.GetProperty("next_page").GetString();
        }
        while (page is not null);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(created.Order(StringComparer.Ordinal), seen.Where(created.Contains).Order(StringComparer.Ordinal));
        Assert.Equal(times.OrderDescending(StringComparer.Ordinal), times);
        Assert.Contains(ApiKeyStore.FirstKeyId, seen);
    }

    private async Task<(string Id, string Key)> CreateKeyAsync(string role)
    {
        using var admin = server.CreateHttpClient();
        using var response = await admin.PostAsJsonAsync("/v1/drover/api_keys", new { name = "test " + role, role }, Ct);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return (body.RootElement.GetProperty("id").GetString()!, body.RootElement.GetProperty("key").GetString()!);
    }

    private async Task<List<string>> ListIdsAsync(bool includeRevoked)
    {
        using var admin = server.CreateHttpClient();
        using var body = JsonDocument.Parse(await admin.GetStringAsync(new Uri($"/v1/drover/api_keys?limit=100&include_revoked={(includeRevoked ? "true" : "false")}", UriKind.Relative), Ct));
        return [.. body.RootElement.GetProperty("data").EnumerateArray().Select(k => k.GetProperty("id").GetString()!)];
    }
}
