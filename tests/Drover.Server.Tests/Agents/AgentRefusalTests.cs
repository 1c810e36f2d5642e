using System.Net;
using System.Text.Json;

namespace Drover.Server.Tests.Agents;

/// <summary>Updates, reads and archives the API refuses, over raw HTTP: the status, the envelope, the field, and no change stored.</summary>
public sealed class AgentRefusalTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>, IDisposable
{
    private const string UnknownAgent = "agent_01JD5V3N8W4K2M7Q9R6T1X0YZB";
    private const string AnEnvironmentId = "env_01JD5V3N8W4K2M7Q9R6T1X0YZB";

    private readonly HttpClient _http = server.CreateHttpClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Update_with_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        var id = await CreateAsync("{'name':'a','model':'m'}");
        using var first = await _http.PostAsync($"/v1/agents/{id}", ApiAssert.Json("{'system':'one','version':1}"), Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = await GetAsync(id);

        using var stale = await _http.PostAsync($"/v1/agents/{id}", ApiAssert.Json("{'system':'two','version':1}"), Ct);

        var message = await ApiAssert.ConflictAsync(stale, "version");
        Assert.Contains("version 2", message, StringComparison.Ordinal);
        Assert.Equal(before, await GetAsync(id));
    }

    [Theory]
    [InlineData("{'name':null}", "name")]
    [InlineData("{'name':''}", "name")]
    [InlineData("{'model':null}", "model")]
    [InlineData("{'nmae':'typo'}", "nmae")]
    [InlineData("{'version':0}", "version")]
    [InlineData("{'version':'1'}", "version")]
    [InlineData("{'metadata':{'k':5}}", "metadata.k")]
    [InlineData("{'tools':[{'type':'mcp_toolset','mcp_server_name':'other'}]}", "tools.0.mcp_server_name")]
    [InlineData("{'tools':[]}", "mcp_servers.0.name")]
    [InlineData("{'multiagent':{'type':'coordinator','agents':['" + UnknownAgent + "']}}", "multiagent.agents.0")]
    public async Task Invalid_update_is_refused_naming_the_field_and_changes_nothing(string body, string field)
    {
        var id = await CreateAsync("{'name':'mcp','model':'m','mcp_servers':[{'type':'url','name':'gh','url':'https://mcp.example.com'}],'tools':[{'type':'mcp_toolset','mcp_server_name':'gh'}]}");
        var before = await GetAsync(id);

        using var response = await _http.PostAsync($"/v1/agents/{id}", ApiAssert.Json(body), Ct);

        await ApiAssert.BadRequestAsync(response, field);
        Assert.Equal(before, await GetAsync(id));
    }

    [Fact]
    public async Task Archived_agent_cannot_be_updated()
    {
        var id = await CreateAsync("{'name':'a','model':'m'}");
        using var archive = await _http.PostAsync($"/v1/agents/{id}/archive", content: null, Ct);
        Assert.Equal(HttpStatusCode.OK, archive.StatusCode);
        var before = await GetAsync(id);

        using var response = await _http.PostAsync($"/v1/agents/{id}", ApiAssert.Json("{'system':'too late'}"), Ct);

        await ApiAssert.BadRequestAsync(response, "agent_id");
        Assert.Equal(before, await GetAsync(id));
    }

    [Fact]
    public async Task A_roster_cannot_name_an_archived_agent_or_one_with_its_own_roster()
    {
        var archived = await CreateAsync("{'name':'old','model':'m'}");
        (await _http.PostAsync($"/v1/agents/{archived}/archive", content: null, Ct)).Dispose();
        var lead = await CreateAsync("{'name':'lead','model':'m','multiagent':{'type':'coordinator','agents':[{'type':'self'}]}}");

        using var toArchived = await _http.PostAsync("/v1/agents", ApiAssert.Json($"{{'name':'a','model':'m','multiagent':{{'type':'coordinator','agents':['{archived}']}}}}"), Ct);
        using var toCoordinator = await _http.PostAsync("/v1/agents", ApiAssert.Json($"{{'name':'a','model':'m','multiagent':{{'type':'multiagent_20261001','workflows':{{'type':'enabled','predefined_agents':[{{'type':'agent','id':'{lead}'}}]}}}}}}"), Ct);
        using var badVersion = await _http.PostAsync("/v1/agents", ApiAssert.Json($"{{'name':'a','model':'m','multiagent':{{'type':'coordinator','agents':[{{'type':'agent','id':'{lead}','version':9}}]}}}}"), Ct);

        Assert.Contains("archived", await ApiAssert.BadRequestAsync(toArchived, "multiagent.agents.0"), StringComparison.Ordinal);
        await ApiAssert.BadRequestAsync(toCoordinator, "multiagent.workflows.predefined_agents.0");
        Assert.Contains("version 9", await ApiAssert.BadRequestAsync(badVersion, "multiagent.agents.0"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/v1/agents/" + AnEnvironmentId)]
    [InlineData("POST", "/v1/agents/" + AnEnvironmentId)]
    [InlineData("POST", "/v1/agents/" + AnEnvironmentId + "/archive")]
    [InlineData("GET", "/v1/agents/" + AnEnvironmentId + "/versions")]
    [InlineData("GET", "/v1/agents/agent_123")]
    [InlineData("GET", "/v1/agents/" + UnknownAgent)]
    [InlineData("POST", "/v1/agents/" + UnknownAgent + "/archive")]
    public async Task Ids_of_another_kind_or_unknown_ids_are_not_found(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? ApiAssert.Json("{'system':'x'}") : null };
        using var response = await _http.SendAsync(request, Ct);

        await ApiAssert.NotFoundAsync(response, "agent_id");
    }

    [Fact]
    public async Task A_missing_version_is_not_found_and_a_bad_one_is_invalid()
    {
        var id = await CreateAsync("{'name':'a','model':'m'}");

        using var missing = await _http.GetAsync($"/v1/agents/{id}?version=2", Ct);
        using var zero = await _http.GetAsync($"/v1/agents/{id}?version=0", Ct);

        await ApiAssert.NotFoundAsync(missing, "version");
        await ApiAssert.BadRequestAsync(zero, "version");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=101", "limit")]
    [InlineData("page=not-a-cursor", "page")]
    [InlineData("include_archived=maybe", "include_archived")]
    [InlineData("created_at%5Bgte%5D=yesterday", "created_at[gte]")]
    public async Task Bad_list_parameters_are_refused(string query, string field)
    {
        using var response = await _http.GetAsync($"/v1/agents?{query}", Ct);

        await ApiAssert.BadRequestAsync(response, field);
    }

    private async Task<string> CreateAsync(string body)
    {
        using var response = await _http.PostAsync("/v1/agents", ApiAssert.Json(body), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("id").GetString()!;
    }

    private async Task<string> GetAsync(string id)
    {
        using var response = await _http.GetAsync($"/v1/agents/{id}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }

    public void Dispose() => _http.Dispose();
}
