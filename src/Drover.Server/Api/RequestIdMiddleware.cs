using Drover.Ids;

namespace Drover.Server.Api;

/// <summary>Gives every request a <c>req_</c> id, returned in the <c>request-id</c> header and in error bodies.</summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    private const string ItemKey = "drover.request_id";

    public static string? Get(HttpContext context) => context.Items.TryGetValue(ItemKey, out var id) ? id as string : null;

    public Task InvokeAsync(HttpContext context)
    {
        var id = DroverIds.New("req");
        context.Items[ItemKey] = id;
        context.Response.Headers["request-id"] = id;
        return next(context);
    }
}
