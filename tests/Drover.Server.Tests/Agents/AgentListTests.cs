using Anthropic;
using Anthropic.Core;
using Anthropic.Models.Beta.Agents;

namespace Drover.Server.Tests.Agents;

/// <summary>Listing agents through the SDK's paginator, on a server of its own so the list holds only these agents.</summary>
public sealed class AgentListTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private readonly AnthropicClient _client = server.CreateSdkClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_pages_newest_first_hides_archived_and_filters_by_creation_time()
    {
        var created = new List<BetaManagedAgentsAgent>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await _client.Beta.Agents.Create(new AgentCreateParams { Name = $"agent {i}", Model = (ApiEnum<string, BetaManagedAgentsModel>)"claude-haiku-4-5" }, Ct));
        }

        var ids = created.Select(a => a.ID).ToList();
        var createdAt = created.ToDictionary(a => a.ID, a => a.CreatedAt);
        await _client.Beta.Agents.Archive(ids[2], cancellationToken: Ct);

        var active = await ListAsync(new AgentListParams { Limit = 2 });
        var all = await ListAsync(new AgentListParams { Limit = 2, IncludeArchived = true });
        var since = await ListAsync(new AgentListParams { IncludeArchived = true, CreatedAtGte = createdAt[ids[3]] });
        var until = await ListAsync(new AgentListParams { IncludeArchived = true, CreatedAtLte = createdAt[ids[2]] });

        Assert.Equal([ids[4], ids[3], ids[1], ids[0]], active);
        Assert.Equal([ids[4], ids[3], ids[2], ids[1], ids[0]], all);
        // Agents created within one millisecond share a timestamp, so the bounds are checked against the times themselves.
        Assert.Equal(ids.Where(id => createdAt[id] >= createdAt[ids[3]]).Reverse(), since);
        Assert.Equal(ids.Where(id => createdAt[id] <= createdAt[ids[2]]).Reverse(), until);
        Assert.Contains(ids[3], since);
        Assert.Contains(ids[2], until);
    }

    private async Task<List<string>> ListAsync(AgentListParams parameters)
    {
        var page = await _client.Beta.Agents.List(parameters, Ct);
        var ids = new List<string>();
        await foreach (var agent in page.Paginate(Ct))
        {
            agent.Validate();
            ids.Add(agent.ID);
        }

        return ids;
    }
}
