using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Drover.Harness.Tests.Models.OpenAI;

/// <summary>
/// A scripted OpenAI chat-completions server on loopback: real Kestrel, real <c>text/event-stream</c> frames.
/// <c>POST /v1/chat/completions</c> records the request and plays the next queued <see cref="FakeOpenAIReply"/>;
/// with none queued it answers 500.
/// </summary>
internal sealed class FakeOpenAIServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeOpenAIReply> _replies = new();
    private readonly ConcurrentQueue<FakeOpenAIRequest> _requests = new();
    private readonly CancellationTokenSource _stopping = new();

    private FakeOpenAIServer(WebApplication app) => _app = app;

    /// <summary>The base URL a client is configured with: <c>http://127.0.0.1:port/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<FakeOpenAIRequest> Requests => [.. _requests];

    public static async Task<FakeOpenAIServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAIServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri($"{address}/v1");
        return server;
    }

    public void Enqueue(params FakeOpenAIReply[] replies)
    {
        foreach (var reply in replies)
        {
            _replies.Enqueue(reply);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        _requests.Enqueue(new FakeOpenAIRequest(context.Request.Headers.Authorization.ToString() is { Length: > 0 } auth ? auth : null, body.RootElement.Clone()));
        if (!_replies.TryDequeue(out var reply))
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsync("""{"error":{"message":"the fake server has no reply queued"}}""", context.RequestAborted);
            return;
        }

        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        await reply.PlayAsync(context.Response, aborted.Token);
    }
}

/// <summary>One request as the fake server received it.</summary>
/// <param name="Authorization">The <c>Authorization</c> header; null when absent.</param>
/// <param name="Body">The JSON body.</param>
internal sealed record FakeOpenAIRequest(string? Authorization, JsonElement Body)
{
    public JsonElement[] Messages => [.. Body.GetProperty("messages").EnumerateArray()];
}
