using System.Globalization;
using System.Text.Json.Nodes;
using Drover.Ids;
using Drover.Resources;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.Server.Tests.Sessions;

/// <summary>
/// Writes agents, environments and session states straight into the resource store, in the documented
/// shapes (wire-api.md §7.1, §7.2), for tests of the sessions endpoints that do not go through the agents
/// or environments endpoints.
/// </summary>
internal static class StoredResources
{
    public static IResourceStore Store(this DroverServerFixture server) => server.Services.GetRequiredService<IResourceStore>();

    /// <summary>Stores agent version 1 and returns its id. <paramref name="multiagent"/> is the stored (response-form) multiagent object.</summary>
    public static async Task<string> CreateAgentAsync(DroverServerFixture server, CancellationToken cancellationToken, string name = "helper", string system = "You help.", JsonObject? multiagent = null)
    {
        var id = DroverIds.New(DroverIds.Agent);
        var now = Now();
        var data = new JsonObject
        {
            ["id"] = id,
            ["type"] = "agent",
            ["name"] = name,
            ["description"] = null,
            ["system"] = system,
            ["model"] = new JsonObject { ["id"] = "claude-sonnet-4-6", ["effort"] = new JsonObject { ["type"] = "high" }, ["speed"] = "standard" },
            ["tools"] = new JsonArray(new JsonObject
            {
                ["type"] = "custom",
                ["name"] = "lookup",
                ["description"] = "Looks things up.",
                ["input_schema"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() },
            }),
            ["mcp_servers"] = new JsonArray(),
            ["skills"] = new JsonArray(),
            ["multiagent"] = multiagent,
            ["execution_identity"] = new JsonObject { ["type"] = "service_account" },
            ["metadata"] = new JsonObject(),
            ["version"] = 1,
            ["created_at"] = Stamp(now),
            ["updated_at"] = Stamp(now),
            ["archived_at"] = null,
        };
        await server.Store().CreateAsync(new ResourceRecord("agent", id, 1, null, now, now, null, data.ToJsonString()), cancellationToken);
        return id;
    }

    /// <summary>Adds the agent's next version with another system prompt, as an agent update would; returns the version.</summary>
    public static async Task<int> AddAgentVersionAsync(DroverServerFixture server, string agentId, string system, CancellationToken cancellationToken)
    {
        var current = (await server.Store().GetAsync("agent", agentId, cancellationToken: cancellationToken))!;
        var data = JsonNode.Parse(current.Data)!.AsObject();
        var now = Now();
        data["system"] = system;
        data["version"] = current.Version + 1;
        data["updated_at"] = Stamp(now);
        await server.Store().UpdateAsync(current with { Data = data.ToJsonString(), UpdatedAt = now }, current.Version, newVersion: true, cancellationToken);
        return current.Version + 1;
    }

    /// <summary>Stores a cloud (or self-hosted) environment and returns its id.</summary>
    public static async Task<string> CreateEnvironmentAsync(DroverServerFixture server, CancellationToken cancellationToken, bool selfHosted = false)
    {
        var id = DroverIds.New(DroverIds.Environment);
        var name = "env-" + id[^8..].ToLowerInvariant();
        var now = Now();
        var config = selfHosted
            ? new JsonObject { ["type"] = "self_hosted" }
            : new JsonObject
            {
                ["type"] = "cloud",
                ["networking"] = new JsonObject { ["type"] = "unrestricted" },
                ["packages"] = new JsonObject { ["type"] = "packages", ["apt"] = new JsonArray(), ["cargo"] = new JsonArray(), ["gem"] = new JsonArray(), ["go"] = new JsonArray(), ["npm"] = new JsonArray(), ["pip"] = new JsonArray() },
            };
        var data = new JsonObject
        {
            ["id"] = id,
            ["type"] = "environment",
            ["name"] = name,
            ["description"] = null,
            ["config"] = config,
            ["metadata"] = new JsonObject(),
            ["created_at"] = Stamp(now),
            ["updated_at"] = Stamp(now),
            ["archived_at"] = null,
        };
        await server.Store().CreateAsync(new ResourceRecord("environment", id, 1, name, now, now, null, data.ToJsonString()), cancellationToken);
        return id;
    }

    /// <summary>Archives an agent or environment the way its archive endpoint does: the record and the document's <c>archived_at</c>.</summary>
    public static async Task ArchiveAsync(DroverServerFixture server, string kind, string id, CancellationToken cancellationToken)
    {
        var current = (await server.Store().GetAsync(kind, id, cancellationToken: cancellationToken))!;
        var now = Now();
        var data = JsonNode.Parse(current.Data)!.AsObject();
        data["archived_at"] = Stamp(now);
        await server.Store().UpdateAsync(current with { Data = data.ToJsonString(), UpdatedAt = now, ArchivedAt = now }, current.Version, newVersion: false, cancellationToken);
    }

    /// <summary>Sets a session's status in its document, as a harness would.</summary>
    public static async Task SetSessionStatusAsync(DroverServerFixture server, string sessionId, string status, CancellationToken cancellationToken)
    {
        var current = (await server.Store().GetAsync("session", sessionId, cancellationToken: cancellationToken))!;
        var data = JsonNode.Parse(current.Data)!.AsObject();
        data["status"] = status;
        await server.Store().UpdateAsync(current with { Data = data.ToJsonString() }, current.Version, newVersion: false, cancellationToken);
    }

    public static async Task<long> CountAsync(DroverServerFixture server, string kind, CancellationToken cancellationToken) =>
        await server.Store().CountAsync(kind, [], includeArchived: true, cancellationToken);

    private static DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    private static string Stamp(DateTimeOffset time) => time.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
