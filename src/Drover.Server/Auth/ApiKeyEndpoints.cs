using Drover.Ids;
using Drover.Server.Api;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Drover.Server.Auth;

/// <summary>
/// <c>/v1/drover/api_keys</c> (a Drover extension, admin keys only): create, list, retrieve and revoke API
/// keys. The secret is in the create response only; everything else shows its hint.
/// </summary>
internal static class ApiKeyEndpoints
{
    private const int MaxNameLength = 256;
    private const int DefaultListLimit = 20;
    private const int MaxListLimit = 100;
    private static readonly HashSet<string> s_createFields = ["name", "role"];
    private static readonly HashSet<string> s_noFields = [];

    public static RouteGroupBuilder MapApiKeys(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/drover/api_keys").RequireAdminKey();
        group.MapPost("", CreateAsync);
        group.MapGet("", ListAsync);
        group.MapGet("/{api_key_id}", RetrieveAsync);
        group.MapPost("/{api_key_id}/revoke", RevokeAsync);
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ApiKeyStore store, CancellationToken cancellationToken)
    {
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var obj = body.RootElement;
        Fields.RejectUnknown(obj, s_createFields);
        var name = Fields.RequiredString(obj, "name", MaxNameLength);
        var role = Fields.OptionalString(obj, "role", maxLength: 16) ?? ApiKeyRoles.Member;
        if (!ApiKeyRoles.IsValid(role))
        {
            throw ApiException.InvalidRequest($"role: must be '{ApiKeyRoles.Admin}' or '{ApiKeyRoles.Member}', not '{role}'.");
        }

        var secret = ApiKeySecrets.New();
        var key = await store.AddAsync(name, role, secret, cancellationToken: cancellationToken);
        return TypedResults.Json(CreatedApiKey.From(key, secret), AuthJsonContext.Default.CreatedApiKey);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, ApiKeyStore store, CancellationToken cancellationToken)
    {
        var limit = Query.Int(request, "limit", DefaultListLimit, min: 1, max: MaxListLimit);
        var cursor = request.Query["page"].ToString() is { Length: > 0 } page ? page : null;
        var includeRevoked = Query.Bool(request, "include_revoked");
        var result = await store.ListAsync(limit, cursor, includeRevoked, cancellationToken);
        return new ListPage(result.Items.Select(r => r.Data), result.NextCursor);
    }

    private static async Task<IResult> RetrieveAsync([FromRoute(Name = "api_key_id")] string id, ApiKeyStore store, CancellationToken cancellationToken)
    {
        RequireKeyId(id);
        var record = await store.GetAsync(id, cancellationToken) ?? throw ApiException.NotFound($"api_key_id: no API key has id '{id}'.");
        return Stored(record.Data);
    }

    private static async Task<IResult> RevokeAsync([FromRoute(Name = "api_key_id")] string id, HttpRequest request, ApiKeyStore store, CancellationToken cancellationToken)
    {
        RequireKeyId(id);

        // The SDKs send action POSTs with no body; an object (even empty) is accepted too.
        using var body = await JsonBody.ReadObjectAsync(request, cancellationToken, emptyIsObject: true);
        Fields.RejectUnknown(body.RootElement, s_noFields);
        var record = await store.RevokeAsync(id, cancellationToken);
        return Stored(record.Data);
    }

    private static ContentHttpResult Stored(string json) => TypedResults.Text(json, "application/json");

    private static void RequireKeyId(string id)
    {
        if (!DroverIds.HasPrefix(id, DroverIds.ApiKey))
        {
            throw ApiException.NotFound($"api_key_id: '{id}' is not an API key id (they look like apikey_...).");
        }
    }
}
