using System.Net;
using System.Text.Json.Nodes;

namespace Drover.Server.Tests.Agents;

/// <summary>What an update keeps, replaces, merges and clears, and when it is a no-op; over raw HTTP to send exact bodies.</summary>
public sealed class AgentUpdateTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>, IDisposable
{
    private const string FullBody = "{'name':'full','model':{'id':'claude-opus-4-5','effort':{'type':'max'},'speed':'fast'},'description':'d','system':'s',"
        + "'tools':[{'type':'agent_toolset_20260401','default_config':{'permission_policy':{'type':'auto'}},'configs':[{'name':'web_search','user_location':{'type':'approximate','city':'Oslo'}}]},"
        + "{'type':'mcp_toolset','mcp_server_name':'docs','configs':[{'name':'search','permission_policy':{'type':'always_allow'}}]},"
        + "{'type':'custom','name':'ping','description':'p','input_schema':{'type':'object','required':['host'],'properties':{'host':{'type':'string'}}}}],"
        + "'mcp_servers':[{'type':'url','name':'docs','url':'https://docs.example.com/mcp'}],'skills':[{'type':'custom','skill_id':'skill_01ABC','version':'3'}],"
        + "'multiagent':{'type':'multiagent_20261001','subagents':{'type':'enabled','predefined_agents':[{'type':'self'}]}},"
        + "'execution_identity':{'type':'aws_role','role_arn':'arn:aws:iam::123456789012:role/runner'},'metadata':{'a':'1','b':'2'}}";

    private readonly HttpClient _http = server.CreateHttpClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sending_the_whole_definition_again_is_a_no_op()
    {
        var created = await SendAsync("/v1/agents", FullBody);

        var again = await SendAsync($"/v1/agents/{Id(created)}", FullBody.Replace("'properties':{'host':{'type':'string'}},'required':['host']", "'required':['host'],'properties':{'host':{'type':'string'}}", StringComparison.Ordinal));

        Assert.Equal(1, (int)again["version"]!);
        Assert.True(JsonNode.DeepEquals(created, again));
    }

    [Fact]
    public async Task Multiagent_20261001_is_merged_level_by_level()
    {
        var helper = Id(await SendAsync("/v1/agents", "{'name':'helper','model':'m'}"));
        var lead = Id(await SendAsync("/v1/agents", $"{{'name':'lead','model':'m','multiagent':{{'type':'multiagent_20261001','subagents':{{'type':'enabled','predefined_agents':['{helper}']}}}}}}"));

        var advised = await SendAsync($"/v1/agents/{lead}", "{'multiagent':{'type':'multiagent_20261001','advisor':{'type':'enabled','model':'claude-opus-4-5'}}}");
        var narrowed = await SendAsync($"/v1/agents/{lead}", "{'multiagent':{'type':'multiagent_20261001','subagents':{'type':'enabled','inline_agents':{'type':'disabled'}},'workflows':{'type':'disabled'}}}");
        var reset = await SendAsync($"/v1/agents/{lead}", "{'multiagent':{'type':'multiagent_20261001','advisor':null,'workflows':null}}");

        Assert.Equal("claude-opus-4-5", (string?)advised["multiagent"]!["advisor"]!["model"]);
        Assert.Equal(helper, (string?)advised["multiagent"]!["subagents"]!["predefined_agents"]![0]!["id"]);
        Assert.Equal(1, (int)advised["multiagent"]!["subagents"]!["predefined_agents"]![0]!["version"]!);
        Assert.Equal("disabled", (string?)narrowed["multiagent"]!["subagents"]!["inline_agents"]!["type"]);
        Assert.Equal(helper, (string?)narrowed["multiagent"]!["subagents"]!["predefined_agents"]![0]!["id"]);
        Assert.Equal("disabled", (string?)narrowed["multiagent"]!["workflows"]!["type"]);
        Assert.Equal("enabled", (string?)narrowed["multiagent"]!["advisor"]!["type"]);
        Assert.Equal("disabled", (string?)reset["multiagent"]!["advisor"]!["type"]);
        Assert.Equal("enabled", (string?)reset["multiagent"]!["workflows"]!["inline_agents"]!["type"]);
        Assert.Equal("disabled", (string?)reset["multiagent"]!["subagents"]!["inline_agents"]!["type"]);
        Assert.Equal(4, (int)reset["version"]!);
    }

    [Fact]
    public async Task A_new_model_id_takes_the_default_effort_and_speed()
    {
        var id = Id(await SendAsync("/v1/agents", "{'name':'a','model':{'id':'claude-opus-4-5','effort':'low','speed':'fast'}}"));

        var moved = await SendAsync($"/v1/agents/{id}", "{'model':'claude-sonnet-4-5'}");

        Assert.Equal("high", (string?)moved["model"]!["effort"]!["type"]);
        Assert.Equal("standard", (string?)moved["model"]!["speed"]);
    }

    [Fact]
    public async Task Null_and_empty_clear_what_they_may()
    {
        var id = Id(await SendAsync("/v1/agents", FullBody));

        var cleared = await SendAsync($"/v1/agents/{id}", "{'description':'','system':null,'tools':null,'mcp_servers':[],'skills':null,'multiagent':null,'execution_identity':null,'metadata':{'a':null}}");

        Assert.Null(cleared["description"]);
        Assert.Null(cleared["system"]);
        Assert.Empty(cleared["tools"]!.AsArray());
        Assert.Empty(cleared["mcp_servers"]!.AsArray());
        Assert.Empty(cleared["skills"]!.AsArray());
        Assert.Null(cleared["multiagent"]);
        Assert.Equal("service_account", (string?)cleared["execution_identity"]!["type"]);
        Assert.Equal("{\"b\":\"2\"}", cleared["metadata"]!.ToJsonString());
        Assert.Equal("full", (string?)cleared["name"]);
        Assert.Equal(2, (int)cleared["version"]!);
    }

    private async Task<JsonNode> SendAsync(string path, string body)
    {
        using var response = await _http.PostAsync(path, ApiAssert.Json(body), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private static string Id(JsonNode agent) => (string)agent["id"]!;

    public void Dispose() => _http.Dispose();
}
