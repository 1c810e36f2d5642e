using Anthropic;
using Anthropic.Models.Beta.Sessions;

namespace Drover.Server.Tests.Sessions;

/// <summary><c>GET /v1/sessions</c> through the official C# SDK: bidirectional pages and every filter.</summary>
public sealed class SessionListSdkTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pages_newest_first_forward_with_the_paginator_and_back_with_prev_page()
    {
        var agentId = await StoredResources.CreateAgentAsync(server, Ct);
        var sessions = await CreateManyAsync(agentId, 5);
        var expected = Newest(sessions);
        var client = server.CreateSdkClient();

        var first = await client.Beta.Sessions.List(new SessionListParams { AgentID = agentId, Limit = 2 }, Ct);
        var all = new List<string>();
        await foreach (var s in first.Paginate(Ct))
        {
            all.Add(s.ID);
        }

        var second = await first.Next(Ct);
        var back = await client.Beta.Sessions.List(new SessionListParams { AgentID = agentId, Limit = 2, Page = second.PrevPage }, Ct);

        Assert.Equal(expected, all);
        Assert.Equal(expected[..2], first.Items.Select(s => s.ID));
        Assert.Null(first.PrevPage);
        Assert.Equal(expected[2..4], second.Items.Select(s => s.ID));
        Assert.NotNull(second.PrevPage);
        Assert.Equal(expected[..2], back.Items.Select(s => s.ID));
        Assert.Null(back.PrevPage);
        Assert.Equal(first.NextPage, back.NextPage);
    }

    [Fact]
    public async Task Filters_by_agent_version_status_and_creation_time_and_orders_oldest_first_on_request()
    {
        var agentId = await StoredResources.CreateAgentAsync(server, Ct);
        var onV1 = (await CreateManyAsync(agentId, 1))[0];
        await StoredResources.AddAgentVersionAsync(server, agentId, "v2", Ct);
        var onV2 = await CreateManyAsync(agentId, 2);
        await StoredResources.SetSessionStatusAsync(server, onV2[1].ID, "running", Ct);
        var all = new[] { onV1, onV2[0], onV2[1] };
        var client = server.CreateSdkClient();

        async Task<List<string>> ListAsync(SessionListParams p) =>
            [.. (await client.Beta.Sessions.List(p with { AgentID = agentId }, Ct)).Items.Select(s => s.ID)];

        Assert.Equal([onV1.ID], await ListAsync(new SessionListParams { AgentVersion = 1 }));
        Assert.Equal(Newest(onV2), await ListAsync(new SessionListParams { AgentVersion = 2 }));
        Assert.Equal([onV2[1].ID], await ListAsync(new SessionListParams { Statuses = ["running"] }));
        Assert.Equal(Newest(all), await ListAsync(new SessionListParams { Statuses = ["idle", "running"] }));
        Assert.Equal(Enumerable.Reverse(Newest(all)), await ListAsync(new SessionListParams { Order = "asc" }));
        var pivot = onV2[0].CreatedAt;
        Assert.Equal(Newest(all.Where(s => s.CreatedAt > pivot)), await ListAsync(new SessionListParams { CreatedAtGt = pivot }));
        Assert.Equal(Newest(all.Where(s => s.CreatedAt >= pivot)), await ListAsync(new SessionListParams { CreatedAtGte = pivot }));
        Assert.Equal(Newest(all.Where(s => s.CreatedAt < pivot)), await ListAsync(new SessionListParams { CreatedAtLt = pivot }));
        Assert.Equal(Newest(all.Where(s => s.CreatedAt <= pivot)), await ListAsync(new SessionListParams { CreatedAtLte = pivot }));
    }

    private async Task<List<BetaManagedAgentsSession>> CreateManyAsync(string agentId, int count)
    {
        var environmentId = await StoredResources.CreateEnvironmentAsync(server, Ct);
        var client = server.CreateSdkClient();
        var result = new List<BetaManagedAgentsSession>();
        for (var i = 0; i < count; i++)
        {
            result.Add(await client.Beta.Sessions.Create(new SessionCreateParams { Agent = agentId, EnvironmentID = environmentId, Title = $"s{i}" }, Ct));
        }

        return result;
    }

    /// <summary>The list order: newest first, ties in creation time broken by id.</summary>
    private static List<string> Newest(IEnumerable<BetaManagedAgentsSession> sessions) =>
        [.. sessions.OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.ID, StringComparer.Ordinal).Select(s => s.ID)];
}
