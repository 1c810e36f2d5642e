using System.Net;
using System.Text.Json;
using Drover.Ids;
using Drover.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Server.Tests.Environments;

/// <summary>Environment requests the API refuses, over raw HTTP: the status, the envelope, the field, and no change stored.</summary>
public sealed class EnvironmentRefusalTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>, IDisposable
{
    private const string AnAgentId = "agent_01JD5V3N8W4K2M7Q9R6T1X0YZB";
    private const string UnknownEnvironment = "env_01JD5V3N8W4K2M7Q9R6T1X0YZB";

    private readonly HttpClient _http = server.CreateHttpClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IResourceStore Store => server.Services.GetRequiredService<IResourceStore>();

    [Theory]
    [InlineData("{}", "name", null)]
    [InlineData("{'name':7}", "name", null)]
    [InlineData("{'name':''}", "name", null)]
    [InlineData("{'name':'e','colour':'blue'}", "colour", null)]
    [InlineData("{'name':'e','description':5}", "description", null)]
    [InlineData("{'name':'e','scope':'account'}", "scope", null)]
    [InlineData("{'name':'e','metadata':{'k':5}}", "metadata.k", "invalid_metadata")]
    [InlineData("{'name':'e','config':{'type':'docker'}}", "config.type", null)]
    [InlineData("{'name':'e','config':{'networking':{'type':'unrestricted'}}}", "config.type", null)]
    [InlineData("{'name':'e','config':{'type':'self_hosted','networking':{'type':'unrestricted'}}}", "config.networking", null)]
    [InlineData("{'name':'e','config':{'type':'cloud','networking':{'type':'open'}}}", "config.networking.type", null)]
    [InlineData("{'name':'e','config':{'type':'cloud','networking':{'type':'unrestricted','allowed_hosts':[]}}}", "config.networking.allowed_hosts", null)]
    [InlineData("{'name':'e','config':{'type':'cloud','networking':{'type':'limited','allowed_hosts':['https://x.com/']}}}", "config.networking.allowed_hosts.0", null)]
    [InlineData("{'name':'e','config':{'type':'cloud','networking':{'type':'limited','allow_mcp_servers':'yes'}}}", "config.networking.allow_mcp_servers", null)]
    [InlineData("{'name':'e','config':{'type':'cloud','networking':{'type':'limited'},'packages':{'pip':['requests']}}}", "config.packages", null)]
    [InlineData("{'name':'e','config':{'type':'cloud','packages':{'pip':['--index-url=evil']}}}", "config.packages.pip.0", null)]
    [InlineData("{'name':'e','config':{'type':'cloud','packages':{'brew':['jq']}}}", "config.packages.brew", null)]
    [InlineData("{'name':'e','config':{'type':'cloud','packages':{'npm':'left-pad'}}}", "config.packages.npm", null)]
    public async Task Invalid_create_is_refused_naming_the_field_and_stores_nothing(string body, string field, string? errorCode)
    {
        var before = await CountAsync();

        using var response = await _http.PostAsync("/v1/environments", ApiAssert.Json(body), Ct);

        await ApiAssert.BadRequestAsync(response, field, errorCode);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Oversized_metadata_is_refused_with_the_invalid_metadata_code()
    {
        var pairs = string.Join(',', Enumerable.Range(0, 17).Select(i => $"'k{i}':'v'"));
        using var tooMany = await _http.PostAsync("/v1/environments", ApiAssert.Json($"{{'name':'meta','metadata':{{{pairs}}}}}"), Ct);
        var id = await CreateAsync("{'name':'meta-ok'}");
        var before = await GetAsync(id);
        using var tooLong = await _http.PostAsync($"/v1/environments/{id}", ApiAssert.Json($"{{'metadata':{{'k':'{new string('v', 513)}'}}}}"), Ct);

        await ApiAssert.BadRequestAsync(tooMany, "metadata", "invalid_metadata");
        await ApiAssert.BadRequestAsync(tooLong, "metadata.k", "invalid_metadata");
        Assert.Equal(before, await GetAsync(id));
    }

    [Fact]
    public async Task A_taken_name_is_a_conflict_on_create_and_on_rename()
    {
        var first = await CreateAsync("{'name':'shared-name'}");
        var second = await CreateAsync("{'name':'other-name'}");
        var before = await GetAsync(second);

        using var duplicate = await _http.PostAsync("/v1/environments", ApiAssert.Json("{'name':'shared-name'}"), Ct);
        using var rename = await _http.PostAsync($"/v1/environments/{second}", ApiAssert.Json("{'name':'shared-name'}"), Ct);

        await ApiAssert.ConflictAsync(duplicate, "name");
        await ApiAssert.ConflictAsync(rename, "name");
        Assert.Equal(before, await GetAsync(second));
        Assert.Contains("shared-name", await GetAsync(first), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_archived_environment_keeps_its_name_and_refuses_updates()
    {
        var id = await CreateAsync("{'name':'archived-name'}");
        (await _http.PostAsync($"/v1/environments/{id}/archive", content: null, Ct)).Dispose();
        var before = await GetAsync(id);

        using var update = await _http.PostAsync($"/v1/environments/{id}", ApiAssert.Json("{'description':'again'}"), Ct);
        using var reuse = await _http.PostAsync("/v1/environments", ApiAssert.Json("{'name':'archived-name'}"), Ct);

        await ApiAssert.BadRequestAsync(update, "environment_id", "environment_archived");
        await ApiAssert.ConflictAsync(reuse, "name");
        Assert.Equal(before, await GetAsync(id));
    }

    [Theory]
    [InlineData("{'config':{'type':'self_hosted'}}", "config.type", "invalid_config_type_change")]
    [InlineData("{'config':{'type':'cloud','networking':{'type':'limited','allow_package_managers':false}}}", "config.packages", null)]
    [InlineData("{'name':null,'scope':'galaxy'}", "scope", null)]
    [InlineData("{'config':{'type':'cloud','packages':{'type':'bundle'}}}", "config.packages.type", null)]
    public async Task Invalid_update_is_refused_naming_the_field_and_changes_nothing(string body, string field, string? errorCode)
    {
        var id = await CreateAsync("{'name':'update-target-" + Guid.NewGuid().ToString("N") + "','config':{'type':'cloud','packages':{'apt':['jq']}}}");
        var before = await GetAsync(id);

        using var response = await _http.PostAsync($"/v1/environments/{id}", ApiAssert.Json(body), Ct);

        await ApiAssert.BadRequestAsync(response, field, errorCode);
        Assert.Equal(before, await GetAsync(id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Delete_is_refused_while_a_session_refers_to_the_environment(bool sessionArchived)
    {
        var id = await CreateAsync($"{{'name':'in-use-{sessionArchived}'}}");
        var before = await GetAsync(id);
        var sessionId = DroverIds.New(DroverIds.Session);
        var now = DateTimeOffset.UtcNow;
        await Store.CreateAsync(
            new ResourceRecord("session", sessionId, 1, null, now, now, sessionArchived ? now : null, $"{{\"id\":\"{sessionId}\",\"type\":\"session\",\"environment_id\":\"{id}\"}}"),
            Ct);

        using var refused = await _http.DeleteAsync($"/v1/environments/{id}", Ct);

        await ApiAssert.ConflictAsync(refused, "environment_id");
        Assert.Equal(before, await GetAsync(id));

        await Store.DeleteAsync("session", sessionId, Ct);
        using var deleted = await _http.DeleteAsync($"/v1/environments/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal($"{{\"id\":\"{id}\",\"type\":\"environment_deleted\"}}", await deleted.Content.ReadAsStringAsync(Ct));
    }

    [Theory]
    [InlineData("GET", "/v1/environments/" + AnAgentId)]
    [InlineData("POST", "/v1/environments/" + AnAgentId)]
    [InlineData("DELETE", "/v1/environments/sesn_01JD5V3N8W4K2M7Q9R6T1X0YZB")]
    [InlineData("POST", "/v1/environments/" + AnAgentId + "/archive")]
    [InlineData("GET", "/v1/environments/env_1")]
    [InlineData("GET", "/v1/environments/" + UnknownEnvironment)]
    [InlineData("DELETE", "/v1/environments/" + UnknownEnvironment)]
    public async Task Ids_of_another_kind_or_unknown_ids_are_not_found(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? ApiAssert.Json("{'description':'x'}") : null };
        using var response = await _http.SendAsync(request, Ct);

        await ApiAssert.NotFoundAsync(response, "environment_id");
    }

    private async Task<string> CreateAsync(string body)
    {
        using var response = await _http.PostAsync("/v1/environments", ApiAssert.Json(body), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("id").GetString()!;
    }

    private async Task<string> GetAsync(string id)
    {
        using var response = await _http.GetAsync($"/v1/environments/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    private Task<long> CountAsync() => Store.CountAsync("environment", [], includeArchived: true, Ct);

    public void Dispose() => _http.Dispose();
}
