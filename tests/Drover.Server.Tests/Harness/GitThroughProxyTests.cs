using System.Text.Json;
using Drover.FakeModel;
using static Drover.Server.Tests.Harness.Turns;

namespace Drover.Server.Tests.Harness;

/// <summary>
/// git over HTTPS from inside the sandbox: <c>git fetch</c> of a <c>github_repository</c> resource goes through the
/// egress proxy, which terminates TLS for github.com and adds the session's token (here towards the loopback git server
/// that stands in for github.com and refuses requests without the token). The token is never in the sandbox.
/// </summary>
public sealed class GitThroughProxyTests(GitThroughProxyTests.Fixture server) : IClassFixture<GitThroughProxyTests.Fixture>
{
    private readonly HttpClient _http = server.CreateHttpClient();
    private readonly Turns _turns = new(server.CreateHttpClient());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Git_fetch_in_the_sandbox_is_authenticated_by_the_proxy_without_the_token_in_the_sandbox()
    {
        var agent = (await PostAsync("/v1/agents", """{"name":"git","model":"claude-sonnet-4-5","tools":[{"type":"agent_toolset_20260401"}]}""")).GetProperty("id").GetString();
        var environment = (await PostAsync("/v1/environments", $$"""{"name":"git-{{Guid.NewGuid():N}}","config":{"type":"cloud","networking":{"type":"limited","allowed_hosts":["github.com"]} } }""")).GetProperty("id").GetString();
        var session = JsonSerializer.Serialize(new
        {
            agent,
            environment_id = environment,
            resources = new[] { new { type = "github_repository", url = server.Repository.GitHubUrl, authorization_token = RepositoryServerFixture.Token, checkout = new { type = "branch", name = "feature" } } },
        });
        var sessionId = (await PostAsync("/v1/sessions", session)).GetProperty("id").GetString()!;
        server.Model.Responder = r => r.Messages.Count == 1
            ? FakeReply.ToolUse("bash", """{"command":"cd hello && git fetch origin 2>&1 && echo FETCHED && git ls-remote origin 2>&1 | head -3; git config --list --show-origin; env; cat .git/config"}""")
            : FakeReply.Text("fetched");
        var authorizationsBefore = server.Git.Authorizations.Count;

        await _turns.SendAsync(sessionId, Message("fetch"));
        var events = await _turns.WaitForIdleAsync(sessionId, timeout: TimeSpan.FromSeconds(60));
        var output = events.Single(e => Type(e) == "agent.tool_result").GetProperty("content")[0].GetProperty("text").GetString()!;

        Assert.Contains("FETCHED", output, StringComparison.Ordinal);
        Assert.Contains("refs/heads/feature", output, StringComparison.Ordinal);
        Assert.DoesNotContain(RepositoryServerFixture.Token, output, StringComparison.Ordinal);
        Assert.DoesNotContain("x-access-token", output, StringComparison.Ordinal);

        // Requests after the clone came through the proxy, with the token it added.
        var added = server.Git.Authorizations.Skip(authorizationsBefore).ToList();
        Assert.NotEmpty(added);
        Assert.All(added, a => Assert.StartsWith("Basic ", a, StringComparison.Ordinal));
        Assert.DoesNotContain(RepositoryServerFixture.Token, string.Join('\n', events.Select(e => e.GetRawText())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Git_push_from_the_sandbox_lands_in_the_repository_with_the_token_added_by_the_proxy()
    {
        var agent = (await PostAsync("/v1/agents", """{"name":"git-push","model":"claude-sonnet-4-5","tools":[{"type":"agent_toolset_20260401"}]}""")).GetProperty("id").GetString();
        var environment = (await PostAsync("/v1/environments", $$"""{"name":"git-push-{{Guid.NewGuid():N}}","config":{"type":"cloud","networking":{"type":"limited","allowed_hosts":["github.com"]} } }""")).GetProperty("id").GetString();
        var session = JsonSerializer.Serialize(new
        {
            agent,
            environment_id = environment,
            resources = new[] { new { type = "github_repository", url = server.Repository.GitHubUrl, authorization_token = RepositoryServerFixture.Token } },
        });
        var sessionId = (await PostAsync("/v1/sessions", session)).GetProperty("id").GetString()!;
        var branch = "agent-" + Guid.NewGuid().ToString("N")[..8];
        server.Model.Responder = r => r.Messages.Count == 1
            ? FakeReply.ToolUse("bash", $$"""{"command":"cd hello && echo change > pushed.txt && git add pushed.txt && git -c user.name=agent -c user.email=agent@example.com commit -q -m pushed && git push origin HEAD:refs/heads/{{branch}} 2>&1 && git rev-parse HEAD && echo PUSHED"}""")
            : FakeReply.Text("pushed");
        Assert.Null(await server.Git.ResolveAsync(server.Repository, "refs/heads/" + branch));

        await _turns.SendAsync(sessionId, Message("push"));
        var events = await _turns.WaitForIdleAsync(sessionId, timeout: TimeSpan.FromSeconds(60));
        var output = events.Single(e => Type(e) == "agent.tool_result").GetProperty("content")[0].GetProperty("text").GetString()!;

        Assert.Contains("PUSHED", output, StringComparison.Ordinal);
        var pushed = await server.Git.ResolveAsync(server.Repository, "refs/heads/" + branch);
        Assert.NotNull(pushed);
        Assert.Contains(pushed, output, StringComparison.Ordinal);
        Assert.DoesNotContain(RepositoryServerFixture.Token, output, StringComparison.Ordinal);
    }

    private async Task<JsonElement> PostAsync(string path, string json)
    {
        using var response = await _http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The repository fixture, with the git server reachable through the proxy (it is on loopback).</summary>
    public sealed class Fixture : RepositoryServerFixture
    {
        protected override IEnumerable<string> ExtraArguments => [.. base.ExtraArguments, "--Sandbox:Egress:AllowPrivateDestinations=true"];
    }
}
