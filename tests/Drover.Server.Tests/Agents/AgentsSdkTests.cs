using System.Text.Json;
using Anthropic;
using Anthropic.Core;
using Anthropic.Models.Beta.Agents;
using Anthropic.Models.Beta.Agents.Versions;

namespace Drover.Server.Tests.Agents;

/// <summary>The agents endpoints driven through the official C# SDK; <c>Validate()</c> proves every response parses whole.</summary>
public sealed class AgentsSdkTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private static readonly ApiEnum<string, BetaManagedAgentsModel> s_sonnet = "claude-sonnet-4-5";
    private readonly AnthropicClient _client = server.CreateSdkClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_resolves_the_model_the_toolsets_and_every_default()
    {
        var agent = await _client.Beta.Agents.Create(
            new AgentCreateParams
            {
                Name = "researcher",
                Model = s_sonnet,
                System = "Be brief.",
                Tools =
                [
                    new BetaManagedAgentsAgentToolset20260401Params { Configs = [new BetaManagedAgentsBashToolConfigParams { PermissionPolicy = new BetaManagedAgentsAlwaysAskPolicy() }] },
                    new BetaManagedAgentsMcpToolsetParams("github"),
                    new BetaManagedAgentsCustomToolParams
                    {
                        Name = "lookup",
                        Description = "Looks a word up.",
                        InputSchema = new BetaManagedAgentsCustomToolInputSchema
                        {
                            Properties = new Dictionary<string, JsonElement> { ["word"] = JsonSerializer.SerializeToElement(new { type = "string" }) },
                            Required = ["word"],
                        },
                    },
                ],
                McpServers = [new BetaManagedAgentsUrlMcpServerParams { Name = "github", Url = "https://mcp.example.com/github" }],
                Skills = [new BetaManagedAgentsAnthropicSkillParams { SkillID = "xlsx" }],
                Metadata = new Dictionary<string, string> { ["team"] = "search" },
            },
            Ct);

        agent.Validate();
        Assert.StartsWith("agent_", agent.ID, StringComparison.Ordinal);
        Assert.Equal(1, agent.Version);
        Assert.Equal("claude-sonnet-4-5", agent.Model.ID.Raw());
        Assert.True(agent.Model.Effort!.TryPickBetaManagedAgentsEffortHigh(out _));
        Assert.Equal("standard", agent.Model.Speed!.Raw());
        Assert.Null(agent.Description);
        Assert.Equal("Be brief.", agent.System);
        Assert.Null(agent.Multiagent);
        Assert.True(agent.ExecutionIdentity.TryPickServiceAccount(out _));
        Assert.Equal("search", agent.Metadata["team"]);
        Assert.Null(agent.ArchivedAt);
        Assert.Equal(agent.CreatedAt, agent.UpdatedAt);

        Assert.True(agent.Tools[0].TryPickBetaManagedAgentsAgentToolset20260401(out var toolset));
        Assert.True(toolset.DefaultConfig.Enabled);
        Assert.Equal(["bash", "edit", "read", "write", "glob", "grep", "web_fetch", "web_search"], toolset.Configs.Select(c => c.Json.GetProperty("name").GetString()));
        Assert.All(toolset.Configs, c => Assert.Equal(c.Json.GetProperty("name").GetString(), c.Json.GetProperty("type").GetString()));
        Assert.Equal(["always_ask", "always_allow", "always_allow", "always_allow", "always_allow", "always_allow", "always_allow", "always_allow"], toolset.Configs.Select(Policy));

        Assert.True(agent.Tools[1].TryPickBetaManagedAgentsMcpToolset(out var mcp));
        Assert.Equal("github", mcp.McpServerName);
        Assert.True(mcp.DefaultConfig.PermissionPolicy.TryPickBetaManagedAgentsAlwaysAsk(out _));
        Assert.True(agent.Tools[2].TryPickBetaManagedAgentsCustom(out var custom));
        Assert.Equal(["word"], custom.InputSchema.Required!);

        Assert.True(Assert.Single(agent.Skills).TryPickBetaManagedAgentsAnthropic(out var skill));
        Assert.Equal("latest", skill.Version);

        var fetched = await _client.Beta.Agents.Retrieve(agent.ID, cancellationToken: Ct);
        Assert.Equal(JsonSerializer.Serialize(agent), JsonSerializer.Serialize(fetched));
    }

    [Fact]
    public async Task Update_makes_a_version_only_when_something_changes()
    {
        var created = await CreateAsync("versioned");

        var changed = await _client.Beta.Agents.Update(created.ID, new AgentUpdateParams { Description = "Reads papers.", Version = 1 }, Ct);
        var unchanged = await _client.Beta.Agents.Update(created.ID, new AgentUpdateParams { Description = "Reads papers.", Name = "versioned", Model = s_sonnet }, Ct);

        changed.Validate();
        Assert.Equal(2, changed.Version);
        Assert.Equal("Reads papers.", changed.Description);
        Assert.Equal(2, unchanged.Version);
        Assert.Equal(changed.UpdatedAt, unchanged.UpdatedAt);
        Assert.Equal(created.CreatedAt, changed.CreatedAt);

        var first = await _client.Beta.Agents.Retrieve(created.ID, new AgentRetrieveParams { Version = 1 }, Ct);
        Assert.Equal(1, first.Version);
        Assert.Null(first.Description);
    }

    [Fact]
    public async Task Update_keeps_the_effort_for_the_same_model_and_patches_metadata()
    {
        var created = await _client.Beta.Agents.Create(
            new AgentCreateParams
            {
                Name = "effortful",
                Model = new BetaManagedAgentsModelConfigParams(s_sonnet) { Effort = (ApiEnum<string, BetaManagedAgentsEffortLevel>)"low", InferenceGeo = "eu" },
                Metadata = new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "2" },
            },
            Ct);

        var updated = await _client.Beta.Agents.Update(
            created.ID,
            new AgentUpdateParams { Model = new BetaManagedAgentsModelConfigParams(s_sonnet), Metadata = new Dictionary<string, string?> { ["drop"] = null, ["add"] = "3" } },
            Ct);

        Assert.True(created.Model.Effort!.TryPickBetaManagedAgentsEffortLow(out _));
        Assert.Equal("eu", created.Model.InferenceGeo);
        Assert.True(updated.Model.Effort!.TryPickBetaManagedAgentsEffortLow(out _));
        Assert.Null(updated.Model.InferenceGeo);
        Assert.Equal(new Dictionary<string, string> { ["keep"] = "1", ["add"] = "3" }, updated.Metadata);
        Assert.Equal(2, updated.Version);
    }

    [Fact]
    public async Task Versions_are_listed_newest_first_across_pages()
    {
        var agent = await CreateAsync("many-versions");
        for (var i = 1; i <= 4; i++)
        {
            agent = await _client.Beta.Agents.Update(agent.ID, new AgentUpdateParams { System = $"revision {i}" }, Ct);
        }

        var page = await _client.Beta.Agents.Versions.List(agent.ID, new VersionListParams { Limit = 2 }, Ct);
        var versions = new List<int>();
        await foreach (var version in page.Paginate(Ct))
        {
            version.Validate();
            versions.Add(version.Version);
        }

        Assert.Equal([5, 4, 3, 2, 1], versions);
    }

    [Fact]
    public async Task Archive_is_permanent_idempotent_and_shows_on_every_version()
    {
        var agent = await CreateAsync("retiring");
        await _client.Beta.Agents.Update(agent.ID, new AgentUpdateParams { System = "v2" }, Ct);

        var archived = await _client.Beta.Agents.Archive(agent.ID, cancellationToken: Ct);
        var again = await _client.Beta.Agents.Archive(agent.ID, cancellationToken: Ct);
        var first = await _client.Beta.Agents.Retrieve(agent.ID, new AgentRetrieveParams { Version = 1 }, Ct);

        archived.Validate();
        Assert.NotNull(archived.ArchivedAt);
        Assert.Equal(2, archived.Version);
        Assert.Equal(archived.ArchivedAt, again.ArchivedAt);
        Assert.Equal(archived.ArchivedAt, first.ArchivedAt);
    }

    [Fact]
    public async Task Coordinator_roster_resolves_agents_and_self_to_versions()
    {
        var helper = await CreateAsync("helper");
        var coordinator = await _client.Beta.Agents.Create(
            new AgentCreateParams
            {
                Name = "coordinator",
                Model = s_sonnet,
                Multiagent = new BetaManagedAgentsMultiagentCoordinatorParams { Agents = [helper.ID, new BetaManagedAgentsMultiagentSelfParams()] },
            },
            Ct);
        var renamed = await _client.Beta.Agents.Update(coordinator.ID, new AgentUpdateParams { Name = "lead" }, Ct);

        coordinator.Validate();
        Assert.True(coordinator.Multiagent!.TryPickCoordinator(out var roster));
        var references = roster.Agents.Select(a => a.TryPickBetaManagedAgentsAgentReference(out var r) ? (r.ID, r.Version) : default).ToList();
        Assert.Equal([(helper.ID, 1), (coordinator.ID, 1)], references);

        // The agent's reference to itself follows it to each new version.
        Assert.True(renamed.Multiagent!.TryPickCoordinator(out var renamedRoster));
        Assert.True(renamedRoster.Agents[1].TryPickBetaManagedAgentsAgentReference(out var self));
        Assert.Equal(2, self.Version);
    }

    private async Task<BetaManagedAgentsAgent> CreateAsync(string name) =>
        await _client.Beta.Agents.Create(new AgentCreateParams { Name = name, Model = s_sonnet }, Ct);

    private static string? Policy(BetaManagedAgentsAgentToolConfig config) => config.Json.GetProperty("permission_policy").GetProperty("type").GetString();
}
