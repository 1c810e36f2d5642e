using System.Net;
using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Models.Beta.Vaults;
using Drover.Server.Vaults;
using Microsoft.Data.Sqlite;

namespace Drover.Server.Tests.Vaults;

/// <summary>Vaults and credentials over real HTTP and a real SQLite file: secrets are write-only and encrypted at rest.</summary>
public sealed class VaultTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private const string Canary = "canary-secret-4c8e1f7a9b";

    private readonly HttpClient _http = server.CreateHttpClient();
    private readonly AnthropicClient _sdk = server.CreateSdkClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Secrets_are_in_no_response_and_not_in_the_database_file_in_plaintext()
    {
        var vault = await _sdk.Beta.Vaults.Create(new VaultCreateParams { DisplayName = "canaries" }, Ct);
        vault.Validate();
        var bodies = new List<string>
        {
            await PostAsync($"/v1/vaults/{vault.ID}/credentials", $$$"""{"auth":{"type":"static_bearer","mcp_server_url":"https://a.example/mcp","token":"{{{Canary}}}-bearer"}}"""),
            await PostAsync($"/v1/vaults/{vault.ID}/credentials", $$$$$"""{"auth":{"type":"mcp_oauth","mcp_server_url":"https://b.example/mcp","access_token":"{{{{{Canary}}}}}-access","refresh":{"token_endpoint":"https://b.example/token","client_id":"c","refresh_token":"{{{{{Canary}}}}}-refresh","token_endpoint_auth":{"type":"client_secret_post","client_secret":"{{{{{Canary}}}}}-client"}}}}"""),
            await PostAsync($"/v1/vaults/{vault.ID}/credentials", $$$$"""{"auth":{"type":"environment_variable","secret_name":"TOKEN","secret_value":"{{{{Canary}}}}-env","networking":{"type":"unrestricted"}}}"""),
        };
        var ids = bodies.Select(b => JsonDocument.Parse(b).RootElement.GetProperty("id").GetString()!).ToList();
        bodies.Add(await PostAsync($"/v1/vaults/{vault.ID}/credentials/{ids[0]}", $$$"""{"auth":{"type":"static_bearer","token":"{{{Canary}}}-rotated"}}"""));
        foreach (var id in ids)
        {
            bodies.Add(await _http.GetStringAsync($"/v1/vaults/{vault.ID}/credentials/{id}", Ct));
        }

        bodies.Add(await _http.GetStringAsync($"/v1/vaults/{vault.ID}/credentials?limit=100", Ct));
        Assert.All(bodies, b => Assert.DoesNotContain(Canary, b, StringComparison.Ordinal));

        // The SDK's own types accept every shape.
        await foreach (var credential in (await _sdk.Beta.Vaults.Credentials.List(vault.ID, cancellationToken: Ct)).Paginate(Ct))
        {
            credential.Validate();
        }

        SqliteConnection.ClearAllPools();
        var files = Directory.GetFiles(server.DataDirectory, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var memory = new MemoryStream();
            await stream.CopyToAsync(memory, Ct);
            var bytes = memory.ToArray();
            Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Canary)) < 0, $"{file} holds a secret in plaintext");
            Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(Canary)) < 0, $"{file} holds a secret in UTF-16");
        }
    }

    [Fact]
    public async Task The_generated_key_is_kept_owner_only_in_the_data_directory()
    {
        var path = Path.Combine(server.DataDirectory, VaultOptions.KeyFileName);
        Assert.True(File.Exists(path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Assert.Equal(32, Convert.FromBase64String((await File.ReadAllTextAsync(path, Ct)).Trim()).Length);
    }

    [Fact]
    public void A_sealed_secret_opens_only_for_its_credential_and_key()
    {
        var key = new byte[32];
        var box = new SecretBox(key);
        var sealedValue = box.Seal("s3cret", "vcrd_1");
        Assert.DoesNotContain("s3cret", sealedValue, StringComparison.Ordinal);
        Assert.Equal("s3cret", box.Open(sealedValue, "vcrd_1"));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => box.Open(sealedValue, "vcrd_2"));
        key[0] = 1;
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => new SecretBox(key).Open(sealedValue, "vcrd_1"));
    }

    [Theory]
    [InlineData("""{"auth":{"type":"static_bearer","mcp_server_url":"ftp://x","token":"CANARY"}}""", "auth.mcp_server_url")]
    [InlineData("""{"auth":{"type":"static_bearer","mcp_server_url":"https://x.example"}}""", "auth.token")]
    [InlineData("""{"auth":{"type":"static_bearer","mcp_server_url":"https://x.example","token":"CANARY","extra":1}}""", "auth.extra")]
    [InlineData("""{"auth":{"type":"ssh_key"}}""", "auth.type")]
    [InlineData("""{}""", "auth")]
    [InlineData("""{"auth":{"type":"environment_variable","secret_name":"1BAD","secret_value":"CANARY","networking":{"type":"unrestricted"}}}""", "auth.secret_name")]
    [InlineData("""{"auth":{"type":"environment_variable","secret_name":"OK","secret_value":"CANARY","networking":{"type":"limited","allowed_hosts":["https://x.example/path"]}}}""", "auth.networking.allowed_hosts.0")]
    [InlineData("""{"auth":{"type":"environment_variable","secret_name":"OK","secret_value":"CANARY","networking":{"type":"unrestricted"},"injection_location":{"header":false}}}""", "auth.injection_location")]
    [InlineData("""{"auth":{"type":"environment_variable","secret_name":"OK","secret_value":"CANARY","networking":{"type":"unrestricted"},"injection_location":null}}""", "auth.injection_location")]
    [InlineData("""{"auth":{"type":"mcp_oauth","mcp_server_url":"https://x.example","access_token":"CANARY","expires_at":"2001-01-01T00:00:00Z"}}""", "auth.expires_at")]
    [InlineData("""{"auth":{"type":"mcp_oauth","mcp_server_url":"https://x.example","access_token":"CANARY","refresh":{"token_endpoint":"https://t.example","client_id":"c","refresh_token":"CANARY","token_endpoint_auth":{"type":"client_secret_basic"}}}}""", "auth.refresh.token_endpoint_auth.client_secret")]
    public async Task Bad_credentials_are_refused_in_the_error_envelope_without_echoing_the_secret(string body, string field)
    {
        var vault = await _sdk.Beta.Vaults.Create(new VaultCreateParams { DisplayName = "refusals" }, Ct);
        var response = await _http.PostAsync($"/v1/vaults/{vault.ID}/credentials", new StringContent(body.Replace("CANARY", Canary, StringComparison.Ordinal), Encoding.UTF8, "application/json"), Ct);
        var message = await ApiAssert.BadRequestAsync(response, field);
        Assert.DoesNotContain(Canary, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_are_unique_among_active_credentials_and_archiving_frees_them()
    {
        var vault = await _sdk.Beta.Vaults.Create(new VaultCreateParams { DisplayName = "keys" }, Ct);
        const string body = """{"auth":{"type":"static_bearer","mcp_server_url":"https://k.example/mcp","token":"t1"}}""";
        var first = JsonDocument.Parse(await PostAsync($"/v1/vaults/{vault.ID}/credentials", body)).RootElement.GetProperty("id").GetString();
        await ApiAssert.ConflictAsync(await _http.PostAsync($"/v1/vaults/{vault.ID}/credentials", ApiAssert.Json(body), Ct), "auth.mcp_server_url");
        await PostAsync($"/v1/vaults/{vault.ID}/credentials/{first}/archive", "{}");
        await PostAsync($"/v1/vaults/{vault.ID}/credentials", body);

        var archived = await _http.PostAsync($"/v1/vaults/{vault.ID}/credentials/{first}", ApiAssert.Json("{'display_name':'x'}"), Ct);
        await ApiAssert.BadRequestAsync(archived, "credential_id");
        var typeChange = await _http.PostAsync($"/v1/vaults/{vault.ID}/credentials/{first}", ApiAssert.Json("{'auth':{'type':'mcp_oauth'}}"), Ct);
        await ApiAssert.BadRequestAsync(typeChange, "credential_id");
    }

    [Fact]
    public async Task Unknown_ids_are_404s_and_an_archived_vault_takes_no_credentials()
    {
        await ApiAssert.NotFoundAsync(await _http.GetAsync("/v1/vaults/vlt_01JD5V3N8W4K2M7Q9R6T1X0YZB", Ct), "vault_id");
        await ApiAssert.NotFoundAsync(await _http.GetAsync("/v1/vaults/env_01JD5V3N8W4K2M7Q9R6T1X0YZB", Ct), "vault_id");
        var vault = await _sdk.Beta.Vaults.Create(new VaultCreateParams { DisplayName = "gone" }, Ct);
        await ApiAssert.NotFoundAsync(await _http.GetAsync($"/v1/vaults/{vault.ID}/credentials/vcrd_01JD5V3N8W4K2M7Q9R6T1X0YZB", Ct), "credential_id");
        await _sdk.Beta.Vaults.Archive(vault.ID, cancellationToken: Ct);
        var refused = await _http.PostAsync($"/v1/vaults/{vault.ID}/credentials", ApiAssert.Json("{'auth':{'type':'static_bearer','mcp_server_url':'https://z.example','token':'t'}}"), Ct);
        await ApiAssert.BadRequestAsync(refused, "vault_id");
    }

    [Fact]
    public async Task Sessions_take_only_existing_active_vaults()
    {
        var agent = JsonDocument.Parse(await PostAsync("/v1/agents", "{\"name\":\"a\",\"model\":\"claude-sonnet-4-5\"}")).RootElement.GetProperty("id").GetString();
        var environment = JsonDocument.Parse(await PostAsync("/v1/environments", $"{{\"name\":\"e-{Guid.NewGuid():N}\",\"config\":{{\"type\":\"cloud\"}}}}")).RootElement.GetProperty("id").GetString();
        var active = await _sdk.Beta.Vaults.Create(new VaultCreateParams { DisplayName = "active" }, Ct);
        var archived = await _sdk.Beta.Vaults.Create(new VaultCreateParams { DisplayName = "archived" }, Ct);
        await _sdk.Beta.Vaults.Archive(archived.ID, cancellationToken: Ct);

        var created = JsonDocument.Parse(await PostAsync("/v1/sessions", $$"""{"agent":"{{agent}}","environment_id":"{{environment}}","vault_ids":["{{active.ID}}"]}"""));
        Assert.Equal(active.ID, created.RootElement.GetProperty("vault_ids")[0].GetString());
        await ApiAssert.BadRequestAsync(await _http.PostAsync("/v1/sessions", ApiAssert.Json($"{{'agent':'{agent}','environment_id':'{environment}','vault_ids':['{archived.ID}']}}"), Ct), "vault_ids[0]");
        await ApiAssert.NotFoundAsync(await _http.PostAsync("/v1/sessions", ApiAssert.Json($"{{'agent':'{agent}','environment_id':'{environment}','vault_ids':['vlt_01JD5V3N8W4K2M7Q9R6T1X0YZB']}}"), Ct), "vault_ids[0]");
    }

    private async Task<string> PostAsync(string path, string json)
    {
        var response = await _http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return body;
    }
}
