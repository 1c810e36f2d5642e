using Anthropic;
using Anthropic.Models.Beta.Environments;

namespace Drover.Server.Tests.Environments;

/// <summary>Listing environments through the SDK's paginator, on a server of its own so the list holds only these.</summary>
public sealed class EnvironmentListTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private readonly AnthropicClient _client = server.CreateSdkClient();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_pages_newest_first_and_hides_archived_unless_asked()
    {
        var created = new List<BetaEnvironment>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await _client.Beta.Environments.Create(new EnvironmentCreateParams { Name = $"env {i}" }, Ct));
        }

        await _client.Beta.Environments.Archive(created[1].ID, cancellationToken: Ct);

        var active = await ListAsync(new EnvironmentListParams { Limit = 2 });
        var all = await ListAsync(new EnvironmentListParams { Limit = 2, IncludeArchived = true });

        // Newest first by creation time, then id (environments made within one millisecond share a timestamp).
        IEnumerable<string> Expected(Func<BetaEnvironment, bool> keep) =>
            created.Where(keep).OrderByDescending(e => DateTimeOffset.Parse(e.CreatedAt, System.Globalization.CultureInfo.InvariantCulture)).ThenByDescending(e => e.ID, StringComparer.Ordinal).Select(e => e.ID);
        Assert.Equal(Expected(e => e.ID != created[1].ID), active);
        Assert.Equal(Expected(_ => true), all);
    }

    private async Task<List<string>> ListAsync(EnvironmentListParams parameters)
    {
        var page = await _client.Beta.Environments.List(parameters, Ct);
        var ids = new List<string>();
        await foreach (var environment in page.Paginate(Ct))
        {
            environment.Validate();
            ids.Add(environment.ID);
        }

        return ids;
    }
}
