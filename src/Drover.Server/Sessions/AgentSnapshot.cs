using System.Buffers;
using System.Text.Json;
using Drover.Resources;
using Drover.Server.Api;

namespace Drover.Server.Sessions;

/// <summary>
/// Builds a session's <c>agent</c>: the definition of one agent version as it was when the session was
/// created (<c>type: "agent"</c>, id, version, name, description, system, model, tools, mcp_servers, skills,
/// execution_identity, multiagent), without the agent's metadata and timestamps. Roster entries of a
/// multiagent configuration (<c>{type:"agent", id, version}</c>) become full definitions of those versions, as
/// the SDK's session model requires.
/// </summary>
internal static class AgentSnapshot
{
    private static readonly HashSet<string> s_rosterArrays = ["agents", "predefined_agents"];

    /// <summary>The snapshot of <paramref name="agent"/> (an agent document as stored).</summary>
    public static async Task<JsonElement> ResolveAsync(IResourceStore store, JsonElement agent, CancellationToken cancellationToken)
    {
        var roster = new Dictionary<(string Id, int Version), JsonElement>();
        if (agent.TryGetProperty("multiagent", out var multiagent))
        {
            foreach (var key in RosterReferences(multiagent, inRoster: false).Distinct())
            {
                var record = await store.GetAsync(StoredKinds.Agent, key.Id, key.Version, cancellationToken)
                    ?? throw ApiException.NotFound($"agent: its multiagent roster names agent '{key.Id}' version {key.Version}, which does not exist.");
                using var document = JsonDocument.Parse(record.Data);
                roster[key] = document.RootElement.Clone();
            }
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteDefinition(writer, agent, roster);
        }

        using var snapshot = JsonDocument.Parse(buffer.WrittenMemory);
        return snapshot.RootElement.Clone();
    }

    /// <summary>Writes one agent's definition; with <paramref name="roster"/> null it is a roster member and gets no <c>multiagent</c>.</summary>
    private static void WriteDefinition(Utf8JsonWriter writer, JsonElement agent, Dictionary<(string Id, int Version), JsonElement>? roster)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "agent");
        Copy(writer, agent, "id");
        Copy(writer, agent, "version");
        Copy(writer, agent, "name");
        CopyOr(writer, agent, "description", static w => w.WriteNullValue());
        CopyOr(writer, agent, "system", static w => w.WriteNullValue());
        Copy(writer, agent, "model");
        CopyOr(writer, agent, "tools", static w => w.WriteStartArray(), static w => w.WriteEndArray());
        CopyOr(writer, agent, "mcp_servers", static w => w.WriteStartArray(), static w => w.WriteEndArray());
        CopyOr(writer, agent, "skills", static w => w.WriteStartArray(), static w => w.WriteEndArray());
        CopyOr(writer, agent, "execution_identity", static w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "service_account");
            w.WriteEndObject();
        });

        if (roster is not null)
        {
            writer.WritePropertyName("multiagent");
            if (agent.TryGetProperty("multiagent", out var multiagent) && multiagent.ValueKind == JsonValueKind.Object)
            {
                WriteResolved(writer, multiagent, roster, inRoster: false);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Copies a multiagent value, replacing agent references in roster arrays by their definitions.</summary>
    private static void WriteResolved(Utf8JsonWriter writer, JsonElement value, Dictionary<(string Id, int Version), JsonElement> roster, bool inRoster)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when inRoster && AsReference(value) is { } key:
                WriteDefinition(writer, roster[key], roster: null);
                break;
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in value.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    WriteResolved(writer, property.Value, roster, s_rosterArrays.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Array);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteResolved(writer, item, roster, inRoster);
                }

                writer.WriteEndArray();
                break;
            default:
                value.WriteTo(writer);
                break;
        }
    }

    private static IEnumerable<(string Id, int Version)> RosterReferences(JsonElement value, bool inRoster)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (inRoster && AsReference(value) is { } key)
            {
                yield return key;
                yield break;
            }

            foreach (var property in value.EnumerateObject())
            {
                var isRoster = s_rosterArrays.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.Array;
                foreach (var reference in RosterReferences(property.Value, isRoster))
                {
                    yield return reference;
                }
            }
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                foreach (var reference in RosterReferences(item, inRoster))
                {
                    yield return reference;
                }
            }
        }
    }

    private static (string Id, int Version)? AsReference(JsonElement entry) =>
        entry.TryGetProperty("type", out var type) && type.ValueEquals("agent")
        && entry.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
        && entry.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.Number && version.TryGetInt32(out var number)
            ? (id.GetString()!, number)
            : null;

    private static void Copy(Utf8JsonWriter writer, JsonElement agent, string name)
    {
        // The agents endpoints always store these members; a document without them is corrupt, not a client error.
        if (!agent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            throw new InvalidOperationException($"The stored agent document has no '{name}'.");
        }

        writer.WritePropertyName(name);
        value.WriteTo(writer);
    }

    private static void CopyOr(Utf8JsonWriter writer, JsonElement agent, string name, Action<Utf8JsonWriter> start, Action<Utf8JsonWriter>? end = null)
    {
        writer.WritePropertyName(name);
        if (agent.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
        {
            value.WriteTo(writer);
            return;
        }

        start(writer);
        end?.Invoke(writer);
    }
}
