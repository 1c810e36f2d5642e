using System.Net.Http.Json;
using System.Text.Json;
using Drover.FakeModel;
using Drover.Server.Tests.Harness;
using static Drover.Server.Tests.Harness.Turns;

namespace Drover.Server.Tests.Mcp;

/// <summary>
/// The MCP connector end to end: an agent's MCP server (a real one on loopback requiring a bearer token), the vault
/// credential injected by the harness, the toolset's permission policy, <c>agent.mcp_tool_use</c> /
/// <c>agent.mcp_tool_result</c>, and failures reported as <c>session.error</c> while the session carries on.
/// </summary>
public sealed class McpConnectorTests(HarnessServerFixture server) : IClassFixture<HarnessServerFixture>
{
    private readonly HttpClient _http = server.CreateHttpClient();
    private readonly Turns _turns = new(server.CreateHttpClient());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private FakeAnthropicServer Model => server.Model;

    [Fact]
    public async Task An_allowed_mcp_call_carries_the_vault_token_and_its_result_goes_back_to_the_model()
    {
        await using var mcp = await BearerMcpServer.StartAsync(Ct);
        mcp.AcceptedToken = "static-token-abcdef";
        var vault = await VaultAsync($$"""{"type":"static_bearer","mcp_server_url":"{{mcp.McpUrl}}/","token":"static-token-abcdef"}""");
        var sessionId = await SessionAsync(mcp.McpUrl, "always_allow", vault);
        Model.Responder = r => r.Messages.Count == 1 ? FakeReply.ToolUse("mcp__remote__add", """{"a":2,"b":40}""") : FakeReply.Text("it is 42");

        await _turns.SendAsync(sessionId, Message("add them"));
        var events = await _turns.WaitForIdleAsync(sessionId);

        Assert.Equal(
            ["user.message", "session.status_running", "span.model_request_start", "agent.mcp_tool_use", "span.model_request_end", "agent.mcp_tool_result",
             "span.model_request_start", "agent.message", "span.model_request_end", "session.usage", "session.status_idle"],
            Types(events));
        var use = events[3];
        Assert.Equal("add", use.GetProperty("name").GetString());
        Assert.Equal("remote", use.GetProperty("mcp_server_name").GetString());
        Assert.Equal("allow", use.GetProperty("evaluated_permission").GetString());
        var result = events[5];
        Assert.Equal(use.GetProperty("id").GetString(), result.GetProperty("mcp_tool_use_id").GetString());
        Assert.Equal("42", result.GetProperty("content")[0].GetProperty("text").GetString());
        Assert.False(result.GetProperty("is_error").GetBoolean());

        Assert.Contains("mcp__remote__add", Model.Requests[^2].Tools.Select(t => t!["name"]!.GetValue<string>()));
        Assert.Contains("42", Model.Requests[^1].Messages[^1]!.ToJsonString(), StringComparison.Ordinal);
        Assert.NotEmpty(mcp.SeenAuthorizations);
        Assert.All(mcp.SeenAuthorizations, a => Assert.Equal("Bearer static-token-abcdef", a));
    }

    [Fact]
    public async Task Mcp_tools_ask_by_default_and_run_once_confirmed()
    {
        await using var mcp = await BearerMcpServer.StartAsync(Ct);
        var sessionId = await SessionAsync(mcp.McpUrl, policy: null);
        Model.Responder = r => r.Messages.Count == 1 ? FakeReply.ToolUse("mcp__remote__add", """{"a":1,"b":1}""") : FakeReply.Text("two");

        await _turns.SendAsync(sessionId, Message("add"));
        var events = await _turns.WaitForIdleAsync(sessionId);
        var use = events.Single(e => Type(e) == "agent.mcp_tool_use");
        Assert.Equal("ask", use.GetProperty("evaluated_permission").GetString());
        Assert.Equal("requires_action", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
        Assert.Equal(use.GetProperty("id").GetString(), events[^1].GetProperty("stop_reason").GetProperty("event_ids")[0].GetString());

        await _turns.SendAsync(sessionId, $$"""{"type":"user.tool_confirmation","tool_use_id":"{{use.GetProperty("id").GetString()}}","result":"allow"}""");
        events = await _turns.WaitForIdleAsync(sessionId, count: 2);
        Assert.Equal("2", events.Single(e => Type(e) == "agent.mcp_tool_result").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("end_turn", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_refused_credential_is_an_authentication_error_and_the_session_goes_on()
    {
        await using var mcp = await BearerMcpServer.StartAsync(Ct);
        mcp.AcceptedToken = "the-right-token-123";
        var vault = await VaultAsync($$"""{"type":"static_bearer","mcp_server_url":"{{mcp.McpUrl}}","token":"a-wrong-token-456"}""");
        var sessionId = await SessionAsync(mcp.McpUrl, "always_allow", vault);
        Model.Responder = _ => FakeReply.Text("no tools, fine");

        await _turns.SendAsync(sessionId, Message("hi"));
        var events = await _turns.WaitForIdleAsync(sessionId);
        var error = events.Single(e => Type(e) == "session.error").GetProperty("error");
        Assert.Equal("mcp_authentication_failed_error", error.GetProperty("type").GetString());
        Assert.Equal("remote", error.GetProperty("mcp_server_name").GetString());
        Assert.Equal("end_turn", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
        Assert.Contains(events, e => Type(e) == "agent.message");
        Assert.DoesNotContain(Model.Requests[^1].Tools, t => t!["name"]!.GetValue<string>().StartsWith("mcp__", StringComparison.Ordinal));
        Assert.Contains("Bearer a-wrong-token-456", mcp.SeenAuthorizations);

        // Rotating the credential takes effect at its next use: the next turn connects with the new token.
        var credentialId = await FirstCredentialAsync(vault);
        using var rotated = await _http.PostAsJsonAsync($"/v1/vaults/{vault}/credentials/{credentialId}", JsonDocument.Parse("""{"auth":{"type":"static_bearer","token":"the-right-token-123"}}""").RootElement, Ct);
        rotated.EnsureSuccessStatusCode();
        Model.Responder = r => r.Messages.Count == 3 ? FakeReply.ToolUse("mcp__remote__add", """{"a":3,"b":4}""") : FakeReply.Text("7");
        await _turns.SendAsync(sessionId, Message("again"));
        events = await _turns.WaitForIdleAsync(sessionId, count: 2);
        Assert.Equal("7", events.Single(e => Type(e) == "agent.mcp_tool_result").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Single(events, e => Type(e) == "session.error");
    }

    [Fact]
    public async Task An_unreachable_server_is_a_connection_error_and_the_session_goes_on()
    {
        var closed = new Uri($"http://127.0.0.1:{FreePort()}/mcp");
        var sessionId = await SessionAsync(closed, "always_allow");
        Model.Responder = _ => FakeReply.Text("carrying on");

        await _turns.SendAsync(sessionId, Message("hi"));
        var events = await _turns.WaitForIdleAsync(sessionId);
        var error = events.Single(e => Type(e) == "session.error").GetProperty("error");
        Assert.Equal("mcp_connection_failed_error", error.GetProperty("type").GetString());
        Assert.Equal("remote", error.GetProperty("mcp_server_name").GetString());
        Assert.Equal("end_turn", events[^1].GetProperty("stop_reason").GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_expired_oauth_token_is_refreshed_with_the_stored_refresh_token()
    {
        await using var mcp = await BearerMcpServer.StartAsync(Ct);
        mcp.AcceptedToken = mcp.RefreshedToken;
        var expiresSoon = DateTimeOffset.UtcNow.AddSeconds(5).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var vault = await VaultAsync($$$"""
            {"type":"mcp_oauth","mcp_server_url":"{{{mcp.McpUrl}}}","access_token":"stale-access-token","expires_at":"{{{expiresSoon}}}",
             "refresh":{"token_endpoint":"{{{mcp.TokenUrl}}}","client_id":"drover-client","refresh_token":"{{{mcp.RefreshToken}}}","token_endpoint_auth":{"type":"client_secret_post","client_secret":"client-secret-xyz"} } }
            """);
        var sessionId = await SessionAsync(mcp.McpUrl, "always_allow", vault);
        Model.Responder = r => r.Messages.Count == 1 ? FakeReply.ToolUse("mcp__remote__whoami", "{}") : FakeReply.Text("ok");

        await _turns.SendAsync(sessionId, Message("who am i"));
        var events = await _turns.WaitForIdleAsync(sessionId);
        Assert.DoesNotContain(events, e => Type(e) == "session.error");
        var request = Assert.Single(mcp.TokenRequests);
        Assert.Equal("drover-client", request["client_id"]);
        Assert.Equal("client-secret-xyz", request["client_secret"]);
        Assert.DoesNotContain("Bearer stale-access-token", mcp.SeenAuthorizations);

        // The MCP server echoed the bearer it got: the stored result has it redacted.
        var result = events.Single(e => Type(e) == "agent.mcp_tool_result").GetProperty("content")[0].GetProperty("text").GetString();
        Assert.Equal("Bearer [REDACTED]", result);
        var all = string.Join('\n', events.Select(e => e.GetRawText()));
        Assert.DoesNotContain(mcp.RefreshedToken, all, StringComparison.Ordinal);

        // The new expiry is stored; the tokens are not shown.
        var credential = await _http.GetStringAsync($"/v1/vaults/{vault}/credentials/{await FirstCredentialAsync(vault)}", Ct);
        Assert.DoesNotContain(mcp.RefreshedToken, credential, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.Parse(JsonDocument.Parse(credential).RootElement.GetProperty("auth").GetProperty("expires_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(30));
    }

    [Fact]
    public async Task A_rejected_oauth_token_is_refreshed_and_the_request_sent_again()
    {
        await using var mcp = await BearerMcpServer.StartAsync(Ct);
        mcp.AcceptedToken = mcp.RefreshedToken;
        var vault = await VaultAsync($$$"""
            {"type":"mcp_oauth","mcp_server_url":"{{{mcp.McpUrl}}}","access_token":"revoked-access-token",
             "refresh":{"token_endpoint":"{{{mcp.TokenUrl}}}","client_id":"drover-client","refresh_token":"{{{mcp.RefreshToken}}}","token_endpoint_auth":{"type":"none"} } }
            """);
        var sessionId = await SessionAsync(mcp.McpUrl, "always_allow", vault);
        Model.Responder = r => r.Messages.Count == 1 ? FakeReply.ToolUse("mcp__remote__add", """{"a":5,"b":5}""") : FakeReply.Text("ten");

        await _turns.SendAsync(sessionId, Message("add"));
        var events = await _turns.WaitForIdleAsync(sessionId);
        Assert.DoesNotContain(events, e => Type(e) == "session.error");
        Assert.Equal("10", events.Single(e => Type(e) == "agent.mcp_tool_result").GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal("Bearer revoked-access-token", mcp.SeenAuthorizations.First());
        Assert.Single(mcp.TokenRequests);
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<string> VaultAsync(string authJson)
    {
        var vault = await PostAsync("/v1/vaults", """{"display_name":"mcp"}""");
        var id = vault.GetProperty("id").GetString()!;
        await PostAsync($"/v1/vaults/{id}/credentials", $"{{\"auth\":{authJson}}}");
        return id;
    }

    private async Task<string> FirstCredentialAsync(string vaultId) =>
        (await _http.GetFromJsonAsync<JsonElement>($"/v1/vaults/{vaultId}/credentials", Ct)).GetProperty("data")[0].GetProperty("id").GetString()!;

    private async Task<string> SessionAsync(Uri mcpUrl, string? policy, string? vaultId = null)
    {
        var toolset = policy is null
            ? """{"type":"mcp_toolset","mcp_server_name":"remote"}"""
            : $$$"""{"type":"mcp_toolset","mcp_server_name":"remote","default_config":{"permission_policy":{"type":"{{{policy}}}"} } }""";
        var agent = await PostAsync("/v1/agents", $$"""{"name":"mcp-agent","model":"claude-sonnet-4-5","mcp_servers":[{"type":"url","name":"remote","url":"{{mcpUrl}}"}],"tools":[{{toolset}}]}""");
        var environment = await PostAsync("/v1/environments", $$$"""{"name":"env-{{{Guid.NewGuid():N}}}","config":{"type":"cloud"} }""");
        var vaults = vaultId is null ? "[]" : $"[\"{vaultId}\"]";
        var session = await PostAsync("/v1/sessions", $$"""{"agent":"{{agent.GetProperty("id").GetString()}}","environment_id":"{{environment.GetProperty("id").GetString()}}","vault_ids":{{vaults}}}""");
        return session.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> PostAsync(string path, string json)
    {
        using var response = await _http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
