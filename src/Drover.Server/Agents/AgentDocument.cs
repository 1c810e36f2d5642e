using System.Text.Json.Nodes;
using Drover.Resources;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>
/// The stored agent document, exactly what GET returns: <c>{id, type:"agent", ...definition, version, created_at,
/// updated_at, archived_at}</c>. Built as a <see cref="JsonObject"/> because its shape is a deep tree of unions
/// (tools, url_sources, multiagent) that is only ever stored, compared and written back.
/// </summary>
internal static class AgentDocument
{
    public static JsonObject Compose(JsonObject definition, string id, int version, DateTimeOffset createdAt, DateTimeOffset updatedAt, DateTimeOffset? archivedAt)
    {
        var document = new JsonObject { ["id"] = id, ["type"] = "agent" };
        foreach (var key in AgentDefinition.Keys)
        {
            document[key] = definition[key]?.DeepClone();
        }

        document["version"] = version;
        document["created_at"] = ApiTimestamps.Write(createdAt);
        document["updated_at"] = ApiTimestamps.Write(updatedAt);
        document["archived_at"] = archivedAt is { } archived ? ApiTimestamps.Write(archived) : null;
        return document;
    }

    public static JsonObject Parse(ResourceRecord record) => JsonNode.Parse(record.Data)!.AsObject();

    /// <summary>
    /// An earlier version as it reads now: archiving belongs to the agent, not to a version, so every version of
    /// an archived agent shows when it was archived.
    /// </summary>
    public static string AsOf(ResourceRecord version, ResourceRecord current)
    {
        if (current.ArchivedAt is not { } archived || version.ArchivedAt is not null)
        {
            return version.Data;
        }

        var document = Parse(version);
        document["archived_at"] = ApiTimestamps.Write(archived);
        return document.ToJsonString();
    }
}
