using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Server;

namespace Drover.Server.Tests.Mcp;

/// <summary>
/// A real MCP server (ModelContextProtocol.AspNetCore, streamable HTTP) on a loopback port that accepts only
/// <c>Authorization: Bearer {AcceptedToken}</c> and records every token it was sent. Tools: <c>add</c>, and
/// <c>whoami</c>, which answers with the token it received (so tests can check that the log redacts it). Also an OAuth
/// token endpoint (<c>/token</c>) that trades <see cref="RefreshToken"/> for <see cref="RefreshedToken"/>.
/// </summary>
public sealed class BearerMcpServer : IAsyncDisposable
{
    private WebApplication _app = null!;

    public Uri McpUrl { get; private set; } = null!;

    public Uri TokenUrl { get; private set; } = null!;

    /// <summary>The token requests must carry; null accepts any (and none).</summary>
    public string? AcceptedToken { get; set; }

    public string RefreshToken { get; set; } = "refresh-token-0001";

    public string RefreshedToken { get; set; } = "refreshed-access-0002";

    /// <summary>Authorization headers received, in order ("" when none).</summary>
    public ConcurrentQueue<string> SeenAuthorizations { get; } = new();

    /// <summary>The Authorization header of the latest request.</summary>
    public string LastAuthorization { get; private set; } = string.Empty;

    /// <summary>The form bodies the token endpoint received.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> TokenRequests { get; } = new();

    public static async Task<BearerMcpServer> StartAsync(CancellationToken cancellationToken)
    {
        var server = new BearerMcpServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddMcpServer()
            .WithHttpTransport(o => o.Stateless = true)
            .WithTools(
            [
                McpServerTool.Create((int a, int b) => (a + b).ToString(System.Globalization.CultureInfo.InvariantCulture), new McpServerToolCreateOptions { Name = "add", Description = "Adds two integers." }),
                McpServerTool.Create(() => server.LastAuthorization, new McpServerToolCreateOptions { Name = "whoami", Description = "Says which credentials the call came with." }),
            ]);
        server._app = builder.Build();
        server._app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/mcp"))
            {
                var authorization = context.Request.Headers.Authorization.ToString();
                server.SeenAuthorizations.Enqueue(authorization);
                server.LastAuthorization = authorization;
                if (server.AcceptedToken is { } token && authorization != $"Bearer {token}")
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
            }

            await next(context);
        });
        server._app.MapPost("/token", async context =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var fields = form.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
            fields["authorization"] = context.Request.Headers.Authorization.ToString();
            server.TokenRequests.Enqueue(fields);
            if (fields.GetValueOrDefault("grant_type") != "refresh_token" || fields.GetValueOrDefault("refresh_token") != server.RefreshToken)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsJsonAsync(new { error = "invalid_grant" }, context.RequestAborted);
                return;
            }

            server.AcceptedToken = server.RefreshedToken;
            await context.Response.WriteAsJsonAsync(new { access_token = server.RefreshedToken, token_type = "Bearer", expires_in = 3600, refresh_token = server.RefreshToken + "-next" }, context.RequestAborted);
        });
        server._app.MapMcp("/mcp");
        await server._app.StartAsync(cancellationToken);
        var address = new Uri(server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server.McpUrl = new Uri(address, "/mcp");
        server.TokenUrl = new Uri(address, "/token");
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
