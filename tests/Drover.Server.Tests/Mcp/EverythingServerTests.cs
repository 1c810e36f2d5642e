using System.Text.Json;
using Drover.FakeModel;
using Drover.Server.Tests.Harness;
using static Drover.Server.Tests.Harness.Turns;

namespace Drover.Server.Tests.Mcp;

/// <summary>The reference MCP server, <c>@modelcontextprotocol/server-everything</c>, over streamable HTTP on loopback and over stdio as an operator-configured server.</summary>
public sealed class EverythingServerTests(EverythingServerTests.Fixture server) : IClassFixture<EverythingServerTests.Fixture>
{
    public const string StdioUrl = "https://mcp.internal/everything";

    private readonly HttpClient _http = server.CreateHttpClient();
    private readonly Turns _turns = new(server.CreateHttpClient());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Its_tools_are_offered_and_called_over_streamable_http()
    {
        var port = McpConnectorTests.FreePort();
        using var process = await EverythingServer.StartHttpAsync(port, Ct);
        try
        {
            await RunEchoAsync(new Uri($"http://127.0.0.1:{port}/mcp"));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(Ct);
        }
    }

    [Fact]
    public async Task An_operator_configured_stdio_server_is_started_by_the_connector() => await RunEchoAsync(new Uri(StdioUrl));

    private async Task RunEchoAsync(Uri url)
    {
        var sessionId = await SessionAsync(url);
        server.Model.Responder = r => r.Messages.Count == 1 ? FakeReply.ToolUse("mcp__everything__echo", """{"message":"hello from drover"}""") : FakeReply.Text("echoed");

        await _turns.SendAsync(sessionId, Message("echo"));
        var events = await _turns.WaitForIdleAsync(sessionId, timeout: TimeSpan.FromSeconds(60));
        Assert.DoesNotContain(events, e => Type(e) == "session.error");
        var use = events.Single(e => Type(e) == "agent.mcp_tool_use");
        Assert.Equal("echo", use.GetProperty("name").GetString());
        Assert.Equal("everything", use.GetProperty("mcp_server_name").GetString());
        var result = events.Single(e => Type(e) == "agent.mcp_tool_result");
        Assert.Contains("hello from drover", result.GetProperty("content")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        var offered = server.Model.Requests[^2].Tools.Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("mcp__everything__echo", offered);
        Assert.True(offered.Count(n => n.StartsWith("mcp__everything__", StringComparison.Ordinal)) > 3, string.Join(", ", offered));
    }

    private async Task<string> SessionAsync(Uri url)
    {
        var agent = await PostAsync("/v1/agents", $$"""{"name":"everything","model":"claude-sonnet-4-5","mcp_servers":[{"type":"url","name":"everything","url":"{{url}}"}],"tools":[{"type":"mcp_toolset","mcp_server_name":"everything","default_config":{"permission_policy":{"type":"always_allow"} } }]}""");
        var environment = await PostAsync("/v1/environments", $$"""{"name":"env-{{Guid.NewGuid():N}}","config":{"type":"cloud"} }""");
        var session = await PostAsync("/v1/sessions", $$"""{"agent":"{{agent.GetProperty("id").GetString()}}","environment_id":"{{environment.GetProperty("id").GetString()}}"}""");
        return session.GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> PostAsync(string path, string json)
    {
        using var response = await _http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>A harness server with server-everything configured as a stdio MCP server.</summary>
    public sealed class Fixture : HarnessServerFixture
    {
        protected override IEnumerable<string> ExtraArguments =>
        [
            .. base.ExtraArguments,
            $"--Harness:Mcp:StdioServers:0:Url={StdioUrl}",
            $"--Harness:Mcp:StdioServers:0:Command={EverythingServer.Node}",
            $"--Harness:Mcp:StdioServers:0:Arguments:0={EverythingServer.Script}",
            "--Harness:Mcp:StdioServers:0:Arguments:1=stdio",
        ];
    }
}
