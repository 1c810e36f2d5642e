using System.Text.Json;
using Anthropic.Models.Beta.Sessions;
using Anthropic.Models.Beta.Sessions.Events;
using Drover.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Server.Tests.Sessions;

/// <summary>Creating, reading and updating sessions through the official C# SDK, whose models validate every field they read.</summary>
public sealed class SessionsSdkTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private static readonly Dictionary<string, JsonElement> s_none = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_with_an_agent_id_snapshots_its_latest_version_and_starts_idle_in_both_stores()
    {
        var agentId = await StoredResources.CreateAgentAsync(server, Ct, name: "researcher", system: "v1 prompt");
        await StoredResources.AddAgentVersionAsync(server, agentId, "v2 prompt", Ct);
        var environmentId = await StoredResources.CreateEnvironmentAsync(server, Ct);
        var client = server.CreateSdkClient();

        var session = await client.Beta.Sessions.Create(new SessionCreateParams { Agent = agentId, EnvironmentID = environmentId, Title = "first", Metadata = new Dictionary<string, string> { ["team"] = "core" } }, Ct);

        session.Validate();
        Assert.StartsWith("sesn_", session.ID, StringComparison.Ordinal);
        Assert.Equal("idle", session.Status.Raw());
        Assert.Equal((agentId, 2, "researcher", "v2 prompt"), (session.Agent.ID, session.Agent.Version, session.Agent.Name, session.Agent.System));
        Assert.Equal("claude-sonnet-4-6", Json(session.Agent.Model).GetProperty("id").GetString());
        Assert.Equal("lookup", Json(Assert.Single(session.Agent.Tools)).GetProperty("name").GetString());
        Assert.Equal((environmentId, "first"), (session.EnvironmentID, session.Title));
        Assert.Equal("core", session.Metadata["team"]);
        Assert.Equal((0L, 0L, "0"), (session.Usage.InputTokens, session.Usage.OutputTokens, session.Usage.ListCost?.Amount));
        Assert.Equal(0, session.Stats.ActiveSeconds);
        Assert.Empty(session.OutcomeEvaluations);
        Assert.Empty(session.Resources);
        Assert.Empty(session.VaultIds);
        Assert.Null(session.Budget);
        Assert.Null(session.ArchivedAt);
        Assert.Equal(session.CreatedAt, session.UpdatedAt);
        Assert.NotNull(await server.Store().GetAsync("session", session.ID, cancellationToken: Ct));
        Assert.Equal(0, (await server.Services.GetRequiredService<ISessionLog>().GetSessionAsync(session.ID, Ct))?.LastSequence);
    }

    [Fact]
    public async Task Create_with_an_agent_object_snapshots_the_version_it_names()
    {
        var agentId = await StoredResources.CreateAgentAsync(server, Ct, system: "v1 prompt");
        await StoredResources.AddAgentVersionAsync(server, agentId, "v2 prompt", Ct);
        var environmentId = await StoredResources.CreateEnvironmentAsync(server, Ct);
        var client = server.CreateSdkClient();

        var session = await client.Beta.Sessions.Create(new SessionCreateParams { Agent = new BetaManagedAgentsAgentParams { ID = agentId, Version = 1 }, EnvironmentID = environmentId }, Ct);

        session.Validate();
        Assert.Equal((1, "v1 prompt"), (session.Agent.Version, session.Agent.System));
        Assert.Null(session.Title);
    }

    [Fact]
    public async Task Create_with_resources_vaults_and_initial_events_stores_them_and_keeps_the_token_out_of_the_session()
    {
        var agentId = await StoredResources.CreateAgentAsync(server, Ct);
        var environmentId = await StoredResources.CreateEnvironmentAsync(server, Ct);
        var client = server.CreateSdkClient();
        var vaultId = (await client.Beta.Vaults.Create(new Anthropic.Models.Beta.Vaults.VaultCreateParams { DisplayName = "session vault" }, Ct)).ID;
        var (fileA, fileB) = (await UploadAsync("a.txt"), await UploadAsync("b.csv"));
        var body = Raw($$$"""
            {
              "agent": "{{{agentId}}}", "environment_id": "{{{environmentId}}}", "vault_ids": ["{{{vaultId}}}"],
              "resources": [
                {"type": "file", "file_id": "{{{fileA}}}"},
                {"type": "file", "file_id": "{{{fileB}}}", "mount_path": "/data.csv"},
                {"type": "github_repository", "url": "https://github.com/octo/hello-world", "authorization_token": "ghp_secret", "checkout": {"type": "branch", "name": "main"}},
                {"type": "memory_store", "memory_store_id": "memstore_prefs", "access": "read_only", "instructions": "Check first."}
              ],
              "initial_events": [{"type": "user.message", "content": [{"type": "text", "text": "start here"}]}]
            }
            """);

        var session = await client.Beta.Sessions.Create(SessionCreateParams.FromRawUnchecked(s_none, s_none, body), Ct);

        session.Validate();
        Assert.Equal([vaultId], session.VaultIds);
        var resources = session.Resources.Select(Json).ToList();
        Assert.Equal(["file", "file", "github_repository", "memory_store"], resources.Select(r => r.GetProperty("type").GetString()));
        Assert.All(resources.Take(3), r => Assert.StartsWith("sesrsc_", r.GetProperty("id").GetString(), StringComparison.Ordinal));
        Assert.Equal($"/mnt/session/uploads/{fileA}", resources[0].GetProperty("mount_path").GetString());
        Assert.Equal("/mnt/session/uploads/data.csv", resources[1].GetProperty("mount_path").GetString());
        Assert.Equal(("/workspace/hello-world", "main"), (resources[2].GetProperty("mount_path").GetString(), resources[2].GetProperty("checkout").GetProperty("name").GetString()));
        Assert.Equal(("read_only", "Check first."), (resources[3].GetProperty("access").GetString(), resources[3].GetProperty("instructions").GetString()));
        Assert.DoesNotContain("ghp_secret", JsonSerializer.Serialize(session), StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_secret", (await server.Store().GetAsync("session", session.ID, cancellationToken: Ct))!.Data, StringComparison.Ordinal);
        var credentials = await server.Store().GetAsync("session_credentials", session.ID, cancellationToken: Ct);
        Assert.Contains("ghp_secret", credentials!.Data, StringComparison.Ordinal);
        Assert.Contains(resources[2].GetProperty("id").GetString()!, credentials.Data, StringComparison.Ordinal);

        var events = await client.Beta.Sessions.Events.List(session.ID, cancellationToken: Ct);
        var message = Json(Assert.Single(events.Items));
        Assert.Equal(("user.message", "start here"), (message.GetProperty("type").GetString(), message.GetProperty("content")[0].GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Create_with_a_coordinator_embeds_each_roster_agent_definition()
    {
        var memberId = await StoredResources.CreateAgentAsync(server, Ct, name: "member", system: "member prompt");
        var roster = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "coordinator",
            ["agents"] = new System.Text.Json.Nodes.JsonArray(
                new System.Text.Json.Nodes.JsonObject { ["type"] = "agent", ["id"] = memberId, ["version"] = 1 },
                new System.Text.Json.Nodes.JsonObject { ["type"] = "advisor", ["model"] = "claude-opus-4-7" }),
        };
        var leadId = await StoredResources.CreateAgentAsync(server, Ct, name: "lead", multiagent: roster);
        var environmentId = await StoredResources.CreateEnvironmentAsync(server, Ct);
        var client = server.CreateSdkClient();

        var session = await client.Beta.Sessions.Create(new SessionCreateParams { Agent = leadId, EnvironmentID = environmentId }, Ct);

        session.Validate();
        var agents = Json(session.Agent.Multiagent!).GetProperty("agents");
        Assert.Equal(("member", "member prompt", 1), (agents[0].GetProperty("name").GetString(), agents[0].GetProperty("system").GetString(), agents[0].GetProperty("version").GetInt32()));
        Assert.False(agents[0].TryGetProperty("multiagent", out _));
        Assert.Equal("advisor", agents[1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Retrieve_computes_the_duration_from_the_creation_time_at_read_time()
    {
        var session = await CreateAsync();
        var record = (await server.Store().GetAsync("session", session.ID, cancellationToken: Ct))!;
        var anHourAgo = record.CreatedAt.AddHours(-1);
        var data = System.Text.Json.Nodes.JsonNode.Parse(record.Data)!;
        data["created_at"] = anHourAgo.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await server.Store().DeleteAsync("session", session.ID, Ct);
        await server.Store().CreateAsync(record with { CreatedAt = anHourAgo, Data = data.ToJsonString(), Revision = 0 }, Ct);
        var client = server.CreateSdkClient();

        var read = await client.Beta.Sessions.Retrieve(session.ID, cancellationToken: Ct);

        Assert.InRange(read.Stats.DurationSeconds!.Value, 3600, 3600 + 300);
    }

    [Fact]
    public async Task Update_patches_title_and_metadata_and_logs_only_what_changed()
    {
        var session = await CreateAsync(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        var client = server.CreateSdkClient();

        var updated = await client.Beta.Sessions.Update(session.ID, new SessionUpdateParams { Title = "renamed", Metadata = new Dictionary<string, string?> { ["a"] = null, ["c"] = "3" } }, Ct);
        var titleOnly = await client.Beta.Sessions.Update(session.ID, new SessionUpdateParams { Title = "renamed again" }, Ct);
        await client.Beta.Sessions.Update(session.ID, new SessionUpdateParams { Title = "renamed again", Metadata = new Dictionary<string, string?> { ["b"] = "2" } }, Ct);

        updated.Validate();
        Assert.Equal("renamed", updated.Title);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2", ["c"] = "3" }, updated.Metadata);
        Assert.True(updated.UpdatedAt > session.UpdatedAt || updated.UpdatedAt == session.UpdatedAt);
        Assert.Equal(("renamed again", 2), (titleOnly.Title, titleOnly.Metadata.Count));
        var events = (await client.Beta.Sessions.Events.List(session.ID, cancellationToken: Ct)).Items.Select(Json).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal("session.updated", e.GetProperty("type").GetString()));
        Assert.Equal("renamed", events[0].GetProperty("title").GetString());
        Assert.Equal("""{"b":"2","c":"3"}""", events[0].GetProperty("metadata").GetRawText());
        Assert.Equal("renamed again", events[1].GetProperty("title").GetString());
        Assert.False(events[1].TryGetProperty("metadata", out _));
    }

    [Fact]
    public async Task Update_clearing_title_and_metadata_logs_a_null_title_and_no_metadata()
    {
        var session = await CreateAsync(new Dictionary<string, string> { ["a"] = "1" }, title: "to clear");
        var client = server.CreateSdkClient();

        var updated = await client.Beta.Sessions.Update(session.ID, SessionUpdateParams.FromRawUnchecked(s_none, s_none, Raw("""{"title":null,"metadata":{"a":null}}"""), session.ID), Ct);

        Assert.Null(updated.Title);
        Assert.Empty(updated.Metadata);
        var logged = Json(Assert.Single((await client.Beta.Sessions.Events.List(session.ID, cancellationToken: Ct)).Items));
        Assert.Equal(JsonValueKind.Null, logged.GetProperty("title").ValueKind);
        Assert.False(logged.TryGetProperty("metadata", out _));
    }

    [Fact]
    public async Task Archive_terminates_the_session_hides_it_from_lists_and_logs_the_termination()
    {
        var agentId = await StoredResources.CreateAgentAsync(server, Ct);
        var session = await CreateAsync(agentId: agentId);
        var client = server.CreateSdkClient();

        var archived = await client.Beta.Sessions.Archive(session.ID, cancellationToken: Ct);
        var again = await client.Beta.Sessions.Archive(session.ID, cancellationToken: Ct);

        archived.Validate();
        Assert.NotNull(archived.ArchivedAt);
        Assert.Equal("terminated", archived.Status.Raw());
        Assert.Equal(archived.ArchivedAt, again.ArchivedAt);
        Assert.Empty((await client.Beta.Sessions.List(new SessionListParams { AgentID = agentId }, Ct)).Items);
        Assert.Equal(session.ID, Assert.Single((await client.Beta.Sessions.List(new SessionListParams { AgentID = agentId, IncludeArchived = true }, Ct)).Items).ID);
        var logged = (await client.Beta.Sessions.Events.List(session.ID, cancellationToken: Ct)).Items.Select(e => Json(e).GetProperty("type").GetString());
        Assert.Equal(["session.status_terminated"], logged);
    }

    [Fact]
    public async Task Delete_returns_the_tombstone_and_removes_the_session_from_both_stores()
    {
        var session = await CreateAsync();
        var client = server.CreateSdkClient();

        var deleted = await client.Beta.Sessions.Delete(session.ID, cancellationToken: Ct);

        Assert.Equal((session.ID, "session_deleted"), (deleted.ID, Json(deleted).GetProperty("type").GetString()));
        await Assert.ThrowsAsync<Anthropic.Exceptions.AnthropicNotFoundException>(() => client.Beta.Sessions.Retrieve(session.ID, cancellationToken: Ct));
        Assert.Null(await server.Store().GetAsync("session", session.ID, cancellationToken: Ct));
        Assert.Null(await server.Services.GetRequiredService<ISessionLog>().GetSessionAsync(session.ID, Ct));
    }

    [Fact]
    public async Task An_open_sdk_stream_receives_session_deleted_and_then_ends()
    {
        var session = await CreateAsync();
        var client = server.CreateSdkClient();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        await using var stream = client.Beta.Sessions.Events.StreamStreaming(session.ID, cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        var first = stream.MoveNextAsync().AsTask();

        // The stream starts when the server has it open, which the client cannot see: send until one event arrives.
        for (var i = 0; !first.IsCompleted; i++)
        {
            await client.Beta.Sessions.Events.Send(session.ID, EventSendParams.FromRawUnchecked(s_none, s_none, Raw($$"""{"events":[{"type":"user.message","content":[{"type":"text","text":"m{{i}}"}]}]}"""), session.ID), Ct);
            await Task.WhenAny(first, Task.Delay(100, Ct));
        }

        Assert.True(await first);
        await client.Beta.Sessions.Delete(session.ID, cancellationToken: Ct);
        var types = new List<string?>();
        while (await stream.MoveNextAsync())
        {
            types.Add(Json(stream.Current).GetProperty("type").GetString());
        }

        Assert.Equal("session.deleted", types[^1]);
        Assert.All(types[..^1], t => Assert.Equal("user.message", t));
    }

    private async Task<BetaManagedAgentsSession> CreateAsync(Dictionary<string, string>? metadata = null, string? title = null, string? agentId = null)
    {
        agentId ??= await StoredResources.CreateAgentAsync(server, Ct);
        var environmentId = await StoredResources.CreateEnvironmentAsync(server, Ct);
        return await server.CreateSdkClient().Beta.Sessions.Create(new SessionCreateParams { Agent = agentId, EnvironmentID = environmentId, Metadata = metadata, Title = title }, Ct);
    }

    private static Dictionary<string, JsonElement> Raw(string json) => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    private static JsonElement Json(object sdkValue) => JsonSerializer.SerializeToElement(sdkValue);

    /// <summary>Uploads a small file through the Files API; file resources must name a stored file.</summary>
    private async Task<string> UploadAsync(string filename)
    {
        using var http = server.CreateHttpClient();
        using var content = new MultipartFormDataContent { { new ByteArrayContent("x"u8.ToArray()), "file", filename } };
        using var response = await http.PostAsync("/v1/files", content, Ct);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("id").GetString()!;
    }
}
