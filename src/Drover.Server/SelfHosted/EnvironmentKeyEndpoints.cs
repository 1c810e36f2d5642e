using System.Text.Json;
using Drover.Ids;
using Drover.Resources;
using Drover.Server.Api;
using Microsoft.AspNetCore.Mvc;

namespace Drover.Server.SelfHosted;

/// <summary>
/// <c>/v1/drover/environments/{environment_id}/keys</c> (a Drover extension; the hosted service makes them in its
/// Console): create, list and revoke the keys of a self-hosted environment. API keys only. The secret is in the create
/// response only.
/// </summary>
internal static class EnvironmentKeyEndpoints
{
    private const int MaxNameLength = 256;
    private static readonly HashSet<string> s_createFields = ["name"];
    private static readonly HashSet<string> s_noFields = [];

    public static RouteGroupBuilder MapEnvironmentKeys(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/drover/environments/{environment_id}/keys");
        group.MapPost("", CreateAsync);
        group.MapGet("", ListAsync);
        group.MapPost("/{key_id}/revoke", RevokeAsync);
        return group;
    }

    private static async Task<IResult> CreateAsync([FromRoute(Name = "environment_id")] string environmentId, HttpRequest request, IResourceStore resources, EnvironmentKeyStore store, CancellationToken cancellationToken)
    {
        await RequireSelfHostedAsync(resources, environmentId, cancellationToken);
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        Fields.RejectUnknown(body.RootElement, s_createFields);
        var name = Fields.RequiredString(body.RootElement, "name", MaxNameLength);
        var (key, secret) = await store.AddAsync(environmentId, name, cancellationToken);
        return TypedResults.Json(CreatedEnvironmentKey.From(key, secret), SelfHostedJsonContext.Default.CreatedEnvironmentKey);
    }

    private static async Task<IResult> ListAsync([FromRoute(Name = "environment_id")] string environmentId, HttpRequest request, IResourceStore resources, EnvironmentKeyStore store, CancellationToken cancellationToken)
    {
        await RequireEnvironmentAsync(resources, environmentId, cancellationToken);
        var limit = Query.Int(request, "limit", 20, min: 1, max: 100);
        var cursor = request.Query["page"].ToString() is { Length: > 0 } page ? page : null;
        var result = await store.ListAsync(environmentId, limit, cursor, Query.Bool(request, "include_revoked"), cancellationToken);
        return new ListPage(result.Items.Select(r => r.Data), result.NextCursor);
    }

    private static async Task<IResult> RevokeAsync([FromRoute(Name = "environment_id")] string environmentId, [FromRoute(Name = "key_id")] string keyId, HttpRequest request, IResourceStore resources, EnvironmentKeyStore store, CancellationToken cancellationToken)
    {
        await RequireEnvironmentAsync(resources, environmentId, cancellationToken);
        if (!DroverIds.HasPrefix(keyId, EnvironmentKeyStore.IdPrefix))
        {
            throw ApiException.NotFound($"key_id: '{keyId}' is not an environment key id (they look like envkey_...).");
        }

        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken, emptyIsObject: true);
        Fields.RejectUnknown(body.RootElement, s_noFields);
        var record = await store.RevokeAsync(environmentId, keyId, cancellationToken);
        return TypedResults.Text(record.Data, "application/json");
    }

    private static async Task<ResourceRecord> RequireEnvironmentAsync(IResourceStore resources, string environmentId, CancellationToken cancellationToken)
    {
        var record = DroverIds.HasPrefix(environmentId, DroverIds.Environment)
            ? await resources.GetAsync("environment", environmentId, cancellationToken: cancellationToken)
            : null;
        return record ?? throw ApiException.NotFound($"environment_id: no environment has id '{environmentId}'.");
    }

    /// <summary>Keys are made only for current self-hosted environments.</summary>
    private static async Task RequireSelfHostedAsync(IResourceStore resources, string environmentId, CancellationToken cancellationToken)
    {
        var record = await RequireEnvironmentAsync(resources, environmentId, cancellationToken);
        if (record.ArchivedAt is not null)
        {
            throw ApiException.InvalidRequest($"environment_id: environment '{environmentId}' is archived; it takes no new keys.", "environment_archived");
        }

        if (!IsSelfHosted(record.Data))
        {
            throw ApiException.InvalidRequest($"environment_id: environment '{environmentId}' is not self-hosted; only environments with config.type 'self_hosted' have keys.");
        }
    }

    public static bool IsSelfHosted(string environmentJson)
    {
        using var document = JsonDocument.Parse(environmentJson);
        return document.RootElement.TryGetProperty("config", out var config) && config.ValueKind == JsonValueKind.Object
            && config.TryGetProperty("type", out var type) && type.ValueEquals("self_hosted");
    }
}
