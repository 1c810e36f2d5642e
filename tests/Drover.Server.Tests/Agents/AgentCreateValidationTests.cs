using System.Net;
using System.Text;
using System.Text.Json;
using Drover.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Server.Tests.Agents;

/// <summary>Create requests the API refuses: a 400 in the envelope whose message names the field, and no agent stored.</summary>
public sealed class AgentCreateValidationTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>, IDisposable
{
    private readonly HttpClient _http = server.CreateHttpClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { "{'model':'claude-sonnet-4-5'}", "name" },
        { "{'name':42,'model':'claude-sonnet-4-5'}", "name" },
        { "{'name':'','model':'claude-sonnet-4-5'}", "name" },
        { "{'name':'a'}", "model" },
        { "{'name':'a','model':42}", "model" },
        { "{'name':'a','model':{'effort':'high'}}", "model.id" },
        { "{'name':'a','model':{'id':'claude-sonnet-4-5','effort':'extreme'}}", "model.effort" },
        { "{'name':'a','model':{'id':'claude-sonnet-4-5','speed':'warp'}}", "model.speed" },
        { "{'name':'a','model':'claude-sonnet-4-5','nmae':'typo'}", "nmae" },
        { "{'name':'a','model':'claude-sonnet-4-5','system':7}", "system" },
        { "{'name':'a','model':'claude-sonnet-4-5','metadata':{'k':1}}", "metadata.k" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':{}}", "tools" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'computer'}]}", "tools.0.type" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'agent_toolset_20260401'},{'type':'agent_toolset_20260401'}]}", "tools.1" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'agent_toolset_20260401','configs':[{'name':'python'}]}]}", "tools.0.configs.0.name" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'agent_toolset_20260401','configs':[{'name':'bash'},{'name':'bash'}]}]}", "tools.0.configs.1.name" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'agent_toolset_20260401','configs':[{'name':'bash','type':'read'}]}]}", "tools.0.configs.0.type" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'agent_toolset_20260401','configs':[{'name':'bash','allowed_domains':['a.com']}]}]}", "tools.0.configs.0.allowed_domains" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'agent_toolset_20260401','default_config':{'permission_policy':{'type':'sometimes'}}}]}", "tools.0.default_config.permission_policy.type" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'agent_toolset_20260401','configs':[{'name':'web_fetch','allowed_domains':['a.com'],'blocked_domains':['b.com']}]}]}", "tools.0.configs.0.allowed_domains" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'agent_toolset_20260401','configs':[{'name':'web_fetch','allowed_domains':['10.0.0.1']}]}]}", "tools.0.configs.0.allowed_domains.0" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'agent_toolset_20260401','configs':[{'name':'web_fetch','allowed_domains':['example.com/docs']}]}]}", "tools.0.configs.0.allowed_domains.0" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'agent_toolset_20260401','configs':[{'name':'web_search','blocked_domains':[]}]}]}", "tools.0.configs.0.blocked_domains" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'agent_toolset_20260401','configs':[{'name':'web_fetch','url_sources':{'user_input':'none','client_tool_results':'none','server_tool_results':'none'}}]}]}", "tools.0.configs.0.url_sources" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'agent_toolset_20260401','configs':[{'name':'web_fetch','url_sources':{'client_tool_results':{'type':'only','tools':[{'type':'tool_reference','name':'nope'}]}}}]}]}", "tools.0.configs.0.url_sources.client_tool_results.tools.0.name" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'agent_toolset_20260401','configs':[{'name':'web_search','user_location':{'type':'approximate','country':'usa'}}]}]}", "tools.0.configs.0.user_location.country" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'custom','name':'has space','description':'d','input_schema':{'type':'object'}}]}", "tools.0.name" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'custom','name':'bash','description':'d','input_schema':{'type':'object'}}]}", "tools.0.name" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'custom','name':'mcp__x','description':'d','input_schema':{'type':'object'}}]}", "tools.0.name" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'custom','name':'t','input_schema':{'type':'object'}}]}", "tools.0.description" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'custom','name':'t','description':'d'}]}", "tools.0.input_schema" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'custom','name':'t','description':'d','input_schema':{'type':'string'}}]}", "tools.0.input_schema.type" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'custom','name':'t','description':'d','input_schema':{'type':'object','properties':{'x':{'$ref':'#/defs/x'}}}}]}", "tools.0.input_schema.properties.x.$ref" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'custom','name':'t','description':'d','input_schema':{'type':'object','anyOf':[]}}]}", "tools.0.input_schema.anyOf" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'custom','name':'t','description':'d','input_schema':{'type':'object'}},{'type':'custom','name':'t','description':'d','input_schema':{'type':'object'}}]}", "tools.1.name" },
        { "{'name':'a','model':'claude-sonnet-4-5','tools':[{'type':'mcp_toolset','mcp_server_name':'gh'}]}", "tools.0.mcp_server_name" },
        { "{'name':'a','model':'claude-sonnet-4-5','mcp_servers':[{'type':'url','name':'gh','url':'https://mcp.example.com'}]}", "mcp_servers.0.name" },
        { "{'name':'a','model':'claude-sonnet-4-5','mcp_servers':[{'type':'url','name':'gh','url':'ftp://mcp.example.com'}],'tools':[{'type':'mcp_toolset','mcp_server_name':'gh'}]}", "mcp_servers.0.url" },
        { "{'name':'a','model':'claude-sonnet-4-5','mcp_servers':[{'type':'url','name':'gh','url':'https://a.example.com'},{'type':'url','name':'gh','url':'https://b.example.com'}],'tools':[{'type':'mcp_toolset','mcp_server_name':'gh'}]}", "mcp_servers.1.name" },
        { "{'name':'a','model':'claude-sonnet-4-5','skills':[{'type':'custom','skill_id':'xlsx'}]}", "skills.0.skill_id" },
        { "{'name':'a','model':'claude-sonnet-4-5','skills':[{'type':'anthropic','skill_id':'xlsx'},{'type':'anthropic','skill_id':'xlsx'}]}", "skills.1.skill_id" },
        { "{'name':'a','model':'claude-sonnet-4-5','execution_identity':{'type':'aws_role','role_arn':'not-an-arn'}}", "execution_identity.role_arn" },
        { "{'name':'a','model':'claude-sonnet-4-5','execution_identity':{'type':'root'}}", "execution_identity.type" },
        { "{'name':'a','model':'claude-sonnet-4-5','multiagent':{'type':'coordinator','agents':[]}}", "multiagent.agents" },
        { "{'name':'a','model':'claude-sonnet-4-5','multiagent':{'type':'coordinator','agents':['env_01JD5V3N8W4K2M7Q9R6T1X0YZB']}}", "multiagent.agents.0" },
        { "{'name':'a','model':'claude-sonnet-4-5','multiagent':{'type':'coordinator','agents':['agent_01JD5V3N8W4K2M7Q9R6T1X0YZB']}}", "multiagent.agents.0" },
        { "{'name':'a','model':'claude-sonnet-4-5','multiagent':{'type':'coordinator','agents':[{'type':'self'},{'type':'self'}]}}", "multiagent.agents.1" },
        { "{'name':'a','model':'claude-sonnet-4-5','multiagent':{'type':'multiagent_20261001','subagents':{'type':'enabled','inline_agents':{'type':'disabled'}}}}", "multiagent.subagents.predefined_agents" },
        { "{'name':'a','model':'claude-sonnet-4-5','multiagent':{'type':'multiagent_20261001','advisor':{'type':'enabled'}}}", "multiagent.advisor.model" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_create_is_refused_naming_the_field_and_stores_nothing(string body, string field)
    {
        var before = await CountAsync();

        using var response = await _http.PostAsync("/v1/agents", ApiAssert.Json(body), Ct);

        await ApiAssert.BadRequestAsync(response, field);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Oversized_metadata_is_refused()
    {
        var before = await CountAsync();
        var pairs = string.Join(',', Enumerable.Range(0, 17).Select(i => $"'k{i}':'v'"));
        using var tooMany = await _http.PostAsync("/v1/agents", ApiAssert.Json($"{{'name':'a','model':'m','metadata':{{{pairs}}}}}"), Ct);
        using var tooLong = await _http.PostAsync("/v1/agents", ApiAssert.Json($"{{'name':'a','model':'m','metadata':{{'k':'{new string('v', 513)}'}}}}"), Ct);
        using var longKey = await _http.PostAsync("/v1/agents", ApiAssert.Json($"{{'name':'a','model':'m','metadata':{{'{new string('k', 65)}':'v'}}}}"), Ct);

        await ApiAssert.BadRequestAsync(tooMany, "metadata");
        await ApiAssert.BadRequestAsync(tooLong, "metadata.k");
        await ApiAssert.BadRequestAsync(longKey, "metadata");
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Oversized_text_fields_are_refused()
    {
        using var name = await _http.PostAsync("/v1/agents", ApiAssert.Json($"{{'name':'{new string('n', 257)}','model':'m'}}"), Ct);
        using var description = await _http.PostAsync("/v1/agents", ApiAssert.Json($"{{'name':'a','model':'m','description':'{new string('d', 2049)}'}}"), Ct);

        await ApiAssert.BadRequestAsync(name, "name");
        await ApiAssert.BadRequestAsync(description, "description");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    public async Task A_body_that_is_not_a_json_object_is_refused(string body)
    {
        using var response = await _http.PostAsync("/v1/agents", new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        await ApiAssert.BadRequestAsync(response, field: null);
    }

    [Fact]
    public async Task Web_tool_settings_and_custom_tool_references_are_kept()
    {
        using var response = await _http.PostAsync(
            "/v1/agents",
            ApiAssert.Json("{'name':'web','model':'m','tools':[{'type':'custom','name':'search_docs','description':'d','input_schema':{'type':'object'}},{'type':'agent_toolset_20260401','default_config':{'enabled':false},'configs':["
                + "{'name':'web_fetch','enabled':true,'blocked_domains':['ads.example.com'],'max_content_tokens':5000,'url_sources':{'user_input':'all','client_tool_results':{'type':'only','tools':[{'type':'tool_reference','name':'search_docs'}]}}},"
                + "{'name':'web_search','enabled':true,'allowed_domains':['docs.example.com/api'],'user_location':{'type':'approximate','country':'GB','city':'Leeds'}}]}]}"),
            Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var agent = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var configs = agent.RootElement.GetProperty("tools")[1].GetProperty("configs");
        Assert.False(configs[0].GetProperty("enabled").GetBoolean());
        var fetch = configs[6];
        Assert.True(fetch.GetProperty("enabled").GetBoolean());
        Assert.Equal(5000, fetch.GetProperty("max_content_tokens").GetInt32());
        Assert.Equal("all", fetch.GetProperty("url_sources").GetProperty("user_input").GetProperty("type").GetString());
        Assert.Equal("search_docs", fetch.GetProperty("url_sources").GetProperty("client_tool_results").GetProperty("tools")[0].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, fetch.GetProperty("url_sources").GetProperty("server_tool_results").ValueKind);
        Assert.Equal("GB", configs[7].GetProperty("user_location").GetProperty("country").GetString());
        Assert.Equal("docs.example.com/api", configs[7].GetProperty("allowed_domains")[0].GetString());
        Assert.False(configs[7].GetProperty("user_location").TryGetProperty("region", out _));
    }

    private Task<long> CountAsync() =>
        server.Services.GetRequiredService<IResourceStore>().CountAsync("agent", [], includeArchived: true, Ct);

    public void Dispose() => _http.Dispose();
}
