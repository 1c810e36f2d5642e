using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Server.Api;

namespace Drover.Server.Agents;

/// <summary>
/// Reads <c>model</c>: a model id string or <c>{id, effort?, inference_geo?, speed?}</c>, always resolved to the
/// object form with <c>effort</c> and <c>speed</c> filled in.
/// </summary>
internal static class AgentModel
{
    /// <summary>
    /// The effort stored when none is given. The API resolves a per-model default; every model Drover runs
    /// gets the Messages API's default level.
    /// </summary>
    public const string DefaultEffort = "high";

    public const string DefaultSpeed = "standard";

    private const int MaxIdLength = 256;
    private const int MaxGeoLength = 64;

    private static readonly FrozenSet<string> s_fields = AgentJson.Set("id", "effort", "inference_geo", "speed", "type");
    private static readonly string[] s_efforts = ["low", "medium", "high", "xhigh", "max"];
    private static readonly string[] s_speeds = ["standard", "fast"];

    /// <summary>
    /// The resolved model. On update <paramref name="stored"/> is the current model: an omitted effort is kept when
    /// the id stays the same; everything else the object omits takes its default (the object replaces the stored one).
    /// </summary>
    public static JsonObject Read(JsonElement value, JsonObject? stored)
    {
        string id;
        JsonElement? config = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                id = value.GetString()!;
                if (id.Length is 0 or > MaxIdLength)
                {
                    throw ApiException.InvalidRequest($"model: the model id must be 1 to {MaxIdLength} characters.");
                }

                break;
            case JsonValueKind.Object:
                config = value;
                Fields.RejectUnknown(value, s_fields, "model.");
                if (value.TryGetProperty("type", out _))
                {
                    // The launch-era form {type:"model_config", id, speed} is still accepted.
                    AgentJson.Type(value, "model.", "model_config");
                }

                id = Fields.RequiredString(value, "id", MaxIdLength, path: "model.");
                break;
            case JsonValueKind.Null:
                throw ApiException.InvalidRequest("model: cannot be null; give a model id such as 'claude-sonnet-4-5' or {\"id\": ...}.");
            default:
                throw ApiException.InvalidRequest("model: must be a model id string or an object {\"id\": ..., \"effort\"?, \"inference_geo\"?, \"speed\"?}.");
        }

        var effort = config is { } c ? ReadEffort(c) : null;
        if (effort is null && !(config is { } o && o.TryGetProperty("effort", out _)) && AgentJson.Text(stored, "id") == id)
        {
            effort = AgentJson.Text(stored?["effort"], "type");
        }

        var geo = config is { } g ? Fields.OptionalString(g, "inference_geo", MaxGeoLength, minLength: 1, path: "model.") : null;
        var speed = config is { } s ? ReadEnum(s, "speed", s_speeds) : null;

        var model = new JsonObject
        {
            ["id"] = id,
            ["effort"] = AgentJson.TypeOnly(effort ?? DefaultEffort),
        };
        if (geo is not null)
        {
            model["inference_geo"] = geo;
        }

        model["speed"] = speed ?? DefaultSpeed;
        return model;
    }

    /// <summary><c>effort</c>: a level string or <c>{"type": level}</c>; null when absent or null.</summary>
    private static string? ReadEffort(JsonElement config)
    {
        if (!config.TryGetProperty("effort", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            Fields.RejectUnknown(value, AgentJson.Set("type"), "model.effort.");
            return AgentJson.Type(value, "model.effort.", s_efforts);
        }

        return ReadEnum(config, "effort", s_efforts);
    }

    private static string? ReadEnum(JsonElement config, string name, string[] allowed)
    {
        var text = Fields.OptionalString(config, name, 32, path: "model.");
        return text is null || allowed.Contains(text, StringComparer.Ordinal)
            ? text
            : throw ApiException.InvalidRequest($"model.{name}: must be one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}, not '{text}'.");
    }
}
