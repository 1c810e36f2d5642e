using System.Text.Json;
using Drover.Server.Tests;

namespace Drover.Cli.Tests.Resources;

/// <summary><c>drover agents|environments|sessions ...</c> run as real processes against a real server: CRUD round trips, --json, -f YAML.</summary>
public sealed class ResourceCommandTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>, IDisposable
{
    private readonly DroverCli _cli = new(server.BaseAddress, DroverServerFixture.AdminApiKey);

    [Fact]
    public async Task An_agent_created_from_a_yaml_file_round_trips_through_get_update_list_and_archive()
    {
        var file = Path.Combine(_cli.ConfigDirectory, "agent.yaml");
        var name = "yaml-" + Guid.NewGuid().ToString("N")[..8];
        await File.WriteAllTextAsync(file, $"""
            # an agent as a person would write it
            name: {name}
            model: claude-sonnet-4-5
            system: |
              Be brief.
            tools:
              - type: agent_toolset_20260401
                configs:
                  - name: bash
                    permission_policy: {"{"}type: always_ask{"}"}
            metadata:
              team: "42"
            """, TestContext.Current.CancellationToken);

        var created = await _cli.RunAsync("agents", "create", "-f", file, "--description", "from yaml", "--json");
        Assert.Equal(ExitCodes.Success, created.ExitCode);
        Assert.Equal("", created.Stderr);
        var agent = JsonDocument.Parse(created.Stdout).RootElement;
        var id = agent.GetProperty("id").GetString()!;
        Assert.StartsWith("agent_", id, StringComparison.Ordinal);
        Assert.Equal(name, agent.GetProperty("name").GetString());
        Assert.Equal("Be brief.\n", agent.GetProperty("system").GetString());
        Assert.Equal("from yaml", agent.GetProperty("description").GetString());
        Assert.Equal("42", agent.GetProperty("metadata").GetProperty("team").GetString());
        var bash = agent.GetProperty("tools")[0].GetProperty("configs").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "bash");
        Assert.Equal("always_ask", bash.GetProperty("permission_policy").GetProperty("type").GetString());

        var fetched = await _cli.RunAsync("agents", "get", id, "--json");
        Assert.Equal(ExitCodes.Success, fetched.ExitCode);
        Assert.Equal(agent.GetRawText(), JsonDocument.Parse(fetched.Stdout).RootElement.GetRawText());

        var updated = await _cli.RunAsync("agents", "update", id, "--system", "Be thorough.", "--metadata", "team=", "--metadata", "owner=cli", "--json");
        Assert.Equal(ExitCodes.Success, updated.ExitCode);
        var v2 = JsonDocument.Parse(updated.Stdout).RootElement;
        Assert.Equal(2, v2.GetProperty("version").GetInt32());
        Assert.Equal("Be thorough.", v2.GetProperty("system").GetString());
        Assert.Equal("""{"owner":"cli"}""", v2.GetProperty("metadata").GetRawText());

        var listed = await _cli.RunAsync("agents", "list", "--limit", "100", "--json");
        Assert.Equal(ExitCodes.Success, listed.ExitCode);
        Assert.Contains(JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray(), a => a.GetProperty("id").GetString() == id);

        var archived = await _cli.RunAsync("agents", "archive", id, "--json");
        Assert.Equal(ExitCodes.Success, archived.ExitCode);
        Assert.NotEqual(JsonValueKind.Null, JsonDocument.Parse(archived.Stdout).RootElement.GetProperty("archived_at").ValueKind);
        var afterArchive = await _cli.RunAsync("agents", "list", "--limit", "100", "--json");
        Assert.DoesNotContain(JsonDocument.Parse(afterArchive.Stdout).RootElement.EnumerateArray(), a => a.GetProperty("id").GetString() == id);
        var withArchived = await _cli.RunAsync("agents", "list", "--limit", "100", "--include-archived", "--json");
        Assert.Contains(JsonDocument.Parse(withArchived.Stdout).RootElement.EnumerateArray(), a => a.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task Environments_and_sessions_are_created_from_flags_and_a_json_file_and_listed_as_tables()
    {
        var agentId = await CreateAgentAsync();
        var environment = await _cli.RunAsync("environments", "create", "--name", "env-" + Guid.NewGuid().ToString("N")[..8], "--type", "cloud", "--json");
        Assert.Equal(ExitCodes.Success, environment.ExitCode);
        var environmentId = JsonDocument.Parse(environment.Stdout).RootElement.GetProperty("id").GetString()!;
        Assert.Equal("cloud", JsonDocument.Parse(environment.Stdout).RootElement.GetProperty("config").GetProperty("type").GetString());

        var file = Path.Combine(_cli.ConfigDirectory, "session.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { agent = agentId, environment_id = environmentId, metadata = new { ticket = "T-1" } }), TestContext.Current.CancellationToken);
        var session = await _cli.RunAsync("sessions", "create", "-f", file, "--title", "from json", "--json");
        Assert.Equal(ExitCodes.Success, session.ExitCode);
        var sessionJson = JsonDocument.Parse(session.Stdout).RootElement;
        var sessionId = sessionJson.GetProperty("id").GetString()!;
        Assert.Equal("from json", sessionJson.GetProperty("title").GetString());
        Assert.Equal("T-1", sessionJson.GetProperty("metadata").GetProperty("ticket").GetString());

        var renamed = await _cli.RunAsync("sessions", "update", sessionId, "--title", "renamed", "--json");
        Assert.Equal("renamed", JsonDocument.Parse(renamed.Stdout).RootElement.GetProperty("title").GetString());

        // Without --json: a table on stdout, with the session's row.
        var table = await _cli.RunAsync("sessions", "list", "--agent", agentId);
        Assert.Equal(ExitCodes.Success, table.ExitCode);
        Assert.Contains("STATUS", table.Stdout, StringComparison.Ordinal);
        var row = Assert.Single(table.Stdout.Split('\n'), l => l.Contains(sessionId, StringComparison.Ordinal));
        Assert.Contains("renamed", row, StringComparison.Ordinal);
        Assert.Contains("idle", row, StringComparison.Ordinal);

        var details = await _cli.RunAsync("environments", "get", environmentId);
        Assert.Equal(ExitCodes.Success, details.ExitCode);
        Assert.Matches(@"(?m)^id\s+" + environmentId, details.Stdout);

        var archived = await _cli.RunAsync("sessions", "archive", sessionId, "--json");
        Assert.Equal(ExitCodes.Success, archived.ExitCode);
        Assert.NotEqual(JsonValueKind.Null, JsonDocument.Parse(archived.Stdout).RootElement.GetProperty("archived_at").ValueKind);
    }

    public void Dispose() => _cli.Dispose();

    private async Task<string> CreateAgentAsync()
    {
        var result = await _cli.RunAsync("agents", "create", "--name", "agent-" + Guid.NewGuid().ToString("N")[..8], "--model", "claude-sonnet-4-5", "--json");
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        return JsonDocument.Parse(result.Stdout).RootElement.GetProperty("id").GetString()!;
    }
}
