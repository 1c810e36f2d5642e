using Drover.FakeModel;
using static Drover.Server.Tests.Harness.Turns;

namespace Drover.Server.Tests.Harness;

/// <summary>
/// A session created with a <c>github_repository</c> resource: the repository is in the sandbox when the agent looks,
/// cloned with the session's token, which appears in no event and no API response. Provisioning is lazy: the first
/// model call does not wait for the clone.
/// </summary>
public sealed class RepositoryResourceTests(RepositoryServerFixture server) : IClassFixture<RepositoryServerFixture>
{
    private readonly Turns _turns = new(server.CreateHttpClient());

    [Fact]
    public async Task The_agent_finds_the_checked_out_repository_and_the_token_stays_on_the_server()
    {
        var sessionId = await CreateSessionAsync(_turns, server);
        var clonesAtFirstModelCall = -1;
        server.Model.Responder = r =>
        {
            if (r.Messages.Count == 1)
            {
                clonesAtFirstModelCall = server.Git.Advertisements;
                return FakeReply.ToolUse("bash", """{"command":"cd hello && cat feature.txt && git branch --show-current && git remote -v && env"}""");
            }

            return FakeReply.Text("seen");
        };
        var clonesBefore = server.Git.Advertisements;

        await _turns.SendAsync(sessionId, Message("look at the repository"));
        var events = await _turns.WaitForIdleAsync(sessionId);

        var result = events.Single(e => Type(e) == "agent.tool_result");
        var output = result.GetProperty("content")[0].GetProperty("text").GetString()!;
        Assert.False(result.GetProperty("is_error").GetBoolean(), output);
        Assert.StartsWith("feature\nfeature\norigin\thttps://github.com/drover-test/hello (fetch)", output, StringComparison.Ordinal);
        Assert.Equal(clonesBefore, clonesAtFirstModelCall);
        Assert.Equal(clonesBefore + 1, server.Git.Advertisements);
        var everything = string.Join('\n', events.Select(e => e.GetRawText())) + (await _turns.GetSessionAsync(sessionId)).GetRawText();
        Assert.DoesNotContain(RepositoryServerFixture.Token, everything, StringComparison.Ordinal);
    }

    internal static Task<string> CreateSessionAsync(Turns turns, RepositoryServerFixture server) =>
        turns.CreateSessionAsync(
            """{"model":"claude-sonnet-4-5","tools":[{"type":"agent_toolset_20260401"}]}""",
            [new { type = "github_repository", url = server.Repository.GitHubUrl, authorization_token = RepositoryServerFixture.Token, checkout = new { type = "branch", name = "feature" } }]);
}
