using System.Net;
using System.Text;
using System.Text.Json;
using Drover.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Server.Tests.Sessions;

/// <summary>What the sessions endpoints refuse: each refusal is a 4xx in the envelope naming the field, and changes nothing stored.</summary>
public sealed class SessionRefusalTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private const string Missing = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Bodies with placeholders: {agent}, {archived_agent}, {env}, {archived_env}, {self_hosted_env}.</summary>
    public static TheoryData<string, HttpStatusCode, string, string> BadCreates => new()
    {
        { """{"environment_id":"{env}"}""", HttpStatusCode.BadRequest, "invalid_request_error", "agent: required" },
        { $$"""{"agent":"agent_{{Missing}}","environment_id":"{env}"}""", HttpStatusCode.NotFound, "not_found_error", "agent: no agent has id" },
        { $$"""{"agent":"env_{{Missing}}","environment_id":"{env}"}""", HttpStatusCode.NotFound, "not_found_error", "agent: 'env_" },
        { """{"agent":{"type":"agent","id":"{agent}","version":7},"environment_id":"{env}"}""", HttpStatusCode.NotFound, "not_found_error", "agent.version: agent" },
        { """{"agent":{"type":"agent","id":"{agent}","version":0},"environment_id":"{env}"}""", HttpStatusCode.BadRequest, "invalid_request_error", "agent.version: must be an integer" },
        { """{"agent":{"type":"agent_with_overrides","id":"{agent}"},"environment_id":"{env}"}""", HttpStatusCode.BadRequest, "invalid_request_error", "agent.type: 'agent_with_overrides' is not supported" },
        { """{"agent":"{archived_agent}","environment_id":"{env}"}""", HttpStatusCode.BadRequest, "invalid_request_error", "agent: agent 'agent_" },
        { """{"agent":"{agent}"}""", HttpStatusCode.BadRequest, "invalid_request_error", "environment_id: required" },
        { $$"""{"agent":"{agent}","environment_id":"env_{{Missing}}"}""", HttpStatusCode.NotFound, "not_found_error", "environment_id: no environment" },
        { $$"""{"agent":"{agent}","environment_id":"sesn_{{Missing}}"}""", HttpStatusCode.NotFound, "not_found_error", "environment_id: 'sesn_" },
        { """{"agent":"{agent}","environment_id":"{archived_env}"}""", HttpStatusCode.BadRequest, "invalid_request_error", "environment_id: environment 'env_" },
        { """{"agent":"{agent}","environment_id":"{env}","colour":"red"}""", HttpStatusCode.BadRequest, "invalid_request_error", "colour: unknown field" },
        { """{"agent":"{agent}","environment_id":"{env}","title":7}""", HttpStatusCode.BadRequest, "invalid_request_error", "title: must be a string" },
        { """{"agent":"{agent}","environment_id":"{env}","metadata":{"k":1}}""", HttpStatusCode.BadRequest, "invalid_request_error", "metadata.k: must be a string" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":{}}""", HttpStatusCode.BadRequest, "invalid_request_error", "resources: must be an array" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":[{"type":"disk"}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "resources[0].type: must be" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":[{"type":"file"}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "resources[0].file_id: required" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":[{"type":"file","file_id":"doc_1"}]}""", HttpStatusCode.NotFound, "not_found_error", "resources[0].file_id: 'doc_1' is not a file id" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":[{"type":"file","file_id":"file_1","mount_path":"data.csv"}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "resources[0].mount_path: must be an absolute path" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":[{"type":"file","file_id":"file_1","mount_path":"/x"},{"type":"file","file_id":"file_2","mount_path":"/x"}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "resources[1].mount_path: '/mnt/session/uploads/x' is already" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":[{"type":"file","file_id":"file_1","size":3}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "resources[0].size: unknown field" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":[{"type":"github_repository","url":"https://github.com/o/r.git"}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "resources[0].url: must be https://github.com/<owner>/<repo>" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":[{"type":"github_repository","url":"git@github.com:o/r"}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "resources[0].url" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":[{"type":"github_repository","url":"https://github.com/o/r","checkout":{"type":"commit","sha":"xyz"}}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "resources[0].checkout.sha" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":[{"type":"github_repository","url":"https://github.com/o/r","checkout":{"type":"tag","name":"v1"}}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "resources[0].checkout.type" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":[{"type":"github_repository","url":"https://github.com/o/r","mount_path":"/srv/r"}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "resources[0].mount_path: repositories are mounted under /workspace/" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":[{"type":"memory_store","memory_store_id":"memstore_a","access":"write"}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "resources[0].access" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":[{"type":"memory_store","memory_store_id":"vlt_a"}]}""", HttpStatusCode.NotFound, "not_found_error", "resources[0].memory_store_id" },
        { """{"agent":"{agent}","environment_id":"{env}","resources":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"memory_store","memory_store_id":"memstore_a"}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "resources[1].memory_store_id" },
        { """{"agent":"{agent}","environment_id":"{self_hosted_env}","resources":[{"type":"memory_store","memory_store_id":"memstore_a"},{"type":"file","file_id":"file_1"}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "resources[1].type: environment 'env_" },
        { """{"agent":"{agent}","environment_id":"{env}","vault_ids":["vault_1"]}""", HttpStatusCode.NotFound, "not_found_error", "vault_ids[0]: 'vault_1' is not a vault id" },
        { """{"agent":"{agent}","environment_id":"{env}","initial_events":[{"type":"user.interrupt"}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "initial_events[0].type" },
        { """{"agent":"{agent}","environment_id":"{env}","initial_events":[{"type":"user.message","content":[]}]}""", HttpStatusCode.BadRequest, "invalid_request_error", "initial_events[0].content" },
        { """{"agent":"{agent}","environment_id":"{env}","budget":{"type":"limit","max_list_cost":{"amount":"1.50","currency":"USD"}}}""", HttpStatusCode.BadRequest, "invalid_request_error", "budget.max_list_cost.amount" },
    };

    [Theory]
    [MemberData(nameof(BadCreates))]
    public async Task Bad_creates_are_refused_naming_the_field_and_store_no_session(string template, HttpStatusCode status, string type, string messagePart)
    {
        var body = await FillAsync(template);
        var before = (await StoredResources.CountAsync(server, "session", Ct), await StoredResources.CountAsync(server, "session_credentials", Ct));
        using var http = server.CreateHttpClient();

        var error = await SendAsync(http, HttpMethod.Post, "/v1/sessions", body);

        Assert.Equal((status, type), (error.Status, error.Type));
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, (await StoredResources.CountAsync(server, "session", Ct), await StoredResources.CountAsync(server, "session_credentials", Ct)));
    }

    [Theory]
    [InlineData("sesn_" + Missing)]
    [InlineData("agent_" + Missing)]
    [InlineData("not-an-id")]
    public async Task Unknown_or_wrong_kind_session_ids_are_404_on_every_session_route(string sessionId)
    {
        using var http = server.CreateHttpClient();

        foreach (var (method, path, body) in new[]
        {
            (HttpMethod.Get, $"/v1/sessions/{sessionId}", (string?)null),
            (HttpMethod.Post, $"/v1/sessions/{sessionId}", """{"title":"x"}"""),
            (HttpMethod.Post, $"/v1/sessions/{sessionId}/archive", null),
            (HttpMethod.Delete, $"/v1/sessions/{sessionId}", null),
        })
        {
            var error = await SendAsync(http, method, path, body);
            Assert.Equal((HttpStatusCode.NotFound, "not_found_error"), (error.Status, error.Type));
            Assert.Contains(sessionId, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"vault_ids":["vlt_01ARZ3NDEKTSV4RRFFQ69G5FAV"]}""", "vault_ids: not yet supported")]
    [InlineData("""{"agent":{"tools":[]}}""", "agent: updating")]
    [InlineData("""{"title":["x"]}""", "title: must be a string")]
    [InlineData("""{"metadata":{"k":5}}""", "metadata.k")]
    [InlineData("""{"status":"idle"}""", "status: unknown field")]
    public async Task Bad_updates_are_400_and_change_nothing(string body, string messagePart)
    {
        var sessionId = await CreateSessionAsync();
        var before = await SnapshotAsync(sessionId);
        using var http = server.CreateHttpClient();

        var error = await SendAsync(http, HttpMethod.Post, $"/v1/sessions/{sessionId}", body);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request_error"), (error.Status, error.Type));
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(sessionId));
    }

    [Theory]
    [InlineData("?agent_version=1", "agent_version: only allowed together with agent_id")]
    [InlineData("?statuses[]=idle&statuses[]=sleeping", "statuses: 'sleeping'")]
    [InlineData("?agent_id=env_01ARZ3NDEKTSV4RRFFQ69G5FAV", "agent_id: 'env_")]
    [InlineData("?order=newest", "order: must be")]
    [InlineData("?limit=0", "limit: must be an integer")]
    [InlineData("?limit=101", "limit: must be an integer")]
    [InlineData("?created_at[gt]=yesterday", "created_at[gt]")]
    [InlineData("?include_archived=yes", "include_archived")]
    [InlineData("?page=bm9wZQ", "page: ")]
    [InlineData("?memory_store_id=memstore_a", "memory_store_id")]
    public async Task Bad_list_queries_are_400_naming_the_parameter(string query, string messagePart)
    {
        using var http = server.CreateHttpClient();

        var error = await SendAsync(http, HttpMethod.Get, "/v1/sessions" + query, null);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request_error"), (error.Status, error.Type));
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cursor_reused_with_the_other_order_is_400()
    {
        var agentId = await StoredResources.CreateAgentAsync(server, Ct);
        await CreateSessionAsync(agentId);
        await CreateSessionAsync(agentId);
        using var http = server.CreateHttpClient();
        using var page = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/v1/sessions?agent_id={agentId}&limit=1", UriKind.Relative), Ct));
        var next = page.RootElement.GetProperty("next_page").GetString();

        var error = await SendAsync(http, HttpMethod.Get, $"/v1/sessions?agent_id={agentId}&limit=1&order=asc&page={next}", null);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request_error"), (error.Status, error.Type));
        Assert.StartsWith("page: ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/archive")]
    [InlineData("DELETE", "")]
    public async Task Archiving_or_deleting_a_running_session_is_400_and_changes_nothing(string method, string suffix)
    {
        var sessionId = await CreateSessionAsync();
        await StoredResources.SetSessionStatusAsync(server, sessionId, "running", Ct);
        var before = await SnapshotAsync(sessionId);
        using var http = server.CreateHttpClient();

        var error = await SendAsync(http, new HttpMethod(method), $"/v1/sessions/{sessionId}{suffix}", null);

        Assert.Equal((HttpStatusCode.BadRequest, "invalid_request_error"), (error.Status, error.Type));
        Assert.Contains("is running", error.Message, StringComparison.Ordinal);
        Assert.Contains("session_id", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(sessionId));
    }

    [Fact]
    public async Task An_archived_session_refuses_events_and_updates_with_409()
    {
        var sessionId = await CreateSessionAsync();
        using var http = server.CreateHttpClient();
        await SendAsync(http, HttpMethod.Post, $"/v1/sessions/{sessionId}/archive", null, expectError: false);
        var before = await SnapshotAsync(sessionId);

        var send = await SendAsync(http, HttpMethod.Post, $"/v1/sessions/{sessionId}/events", """{"events":[{"type":"user.message","content":[{"type":"text","text":"late"}]}]}""");
        var update = await SendAsync(http, HttpMethod.Post, $"/v1/sessions/{sessionId}", """{"title":"late"}""");

        Assert.Equal((HttpStatusCode.Conflict, "invalid_request_error"), (send.Status, send.Type));
        Assert.Contains("archived", send.Message, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Conflict, "invalid_request_error"), (update.Status, update.Type));
        Assert.Contains("archived", update.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(sessionId));
    }

    [Fact]
    public async Task Events_to_a_session_with_a_log_but_no_document_are_404()
    {
        var sessionId = Drover.Ids.DroverIds.New(Drover.Ids.DroverIds.Session);
        var log = server.Services.GetRequiredService<ISessionLog>();
        await log.CreateSessionAsync(new NewSession(sessionId, "{}"), Ct);
        using var http = server.CreateHttpClient();

        var error = await SendAsync(http, HttpMethod.Post, $"/v1/sessions/{sessionId}/events", """{"events":[{"type":"user.message","content":[{"type":"text","text":"x"}]}]}""");

        Assert.Equal((HttpStatusCode.NotFound, "not_found_error"), (error.Status, error.Type));
        Assert.Equal(0, (await log.GetSessionAsync(sessionId, Ct))!.LastSequence);
    }

    private async Task<string> FillAsync(string template)
    {
        var result = template;
        if (result.Contains("{agent}", StringComparison.Ordinal))
        {
            result = result.Replace("{agent}", await StoredResources.CreateAgentAsync(server, Ct), StringComparison.Ordinal);
        }

        if (result.Contains("{archived_agent}", StringComparison.Ordinal))
        {
            var agentId = await StoredResources.CreateAgentAsync(server, Ct);
            await StoredResources.ArchiveAsync(server, "agent", agentId, Ct);
            result = result.Replace("{archived_agent}", agentId, StringComparison.Ordinal);
        }

        if (result.Contains("{env}", StringComparison.Ordinal))
        {
            result = result.Replace("{env}", await StoredResources.CreateEnvironmentAsync(server, Ct), StringComparison.Ordinal);
        }

        if (result.Contains("{archived_env}", StringComparison.Ordinal))
        {
            var environmentId = await StoredResources.CreateEnvironmentAsync(server, Ct);
            await StoredResources.ArchiveAsync(server, "environment", environmentId, Ct);
            result = result.Replace("{archived_env}", environmentId, StringComparison.Ordinal);
        }

        if (result.Contains("{self_hosted_env}", StringComparison.Ordinal))
        {
            result = result.Replace("{self_hosted_env}", await StoredResources.CreateEnvironmentAsync(server, Ct, selfHosted: true), StringComparison.Ordinal);
        }

        return result;
    }

    private async Task<string> CreateSessionAsync(string? agentId = null)
    {
        agentId ??= await StoredResources.CreateAgentAsync(server, Ct);
        var environmentId = await StoredResources.CreateEnvironmentAsync(server, Ct);
        using var http = server.CreateHttpClient();
        using var content = new StringContent($$"""{"agent":"{{agentId}}","environment_id":"{{environmentId}}"}""", Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/v1/sessions", UriKind.Relative), content, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var session = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return session.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>What is stored about a session: its document, revision and the log's last sequence.</summary>
    private async Task<(string? Data, long? Revision, long? LastSequence)> SnapshotAsync(string sessionId)
    {
        var record = await server.Store().GetAsync("session", sessionId, cancellationToken: Ct);
        var log = await server.Services.GetRequiredService<ISessionLog>().GetSessionAsync(sessionId, Ct);
        return (record?.Data, record?.Revision, log?.LastSequence);
    }

    private static async Task<(HttpStatusCode Status, string? Type, string Message)> SendAsync(HttpClient http, HttpMethod method, string path, string? body, bool expectError = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        if (!expectError)
        {
            Assert.True(response.IsSuccessStatusCode, text);
            return (response.StatusCode, null, text);
        }

        using var json = JsonDocument.Parse(text);
        Assert.Equal("error", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("false", Assert.Single(response.Headers.GetValues("x-should-retry")));
        var error = json.RootElement.GetProperty("error");
        return (response.StatusCode, error.GetProperty("type").GetString(), error.GetProperty("message").GetString()!);
    }
}
