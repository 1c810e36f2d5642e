using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Drover.FakeModel;

/// <summary>
/// A scripted fake of the Anthropic Messages API on a real Kestrel server on loopback, so the real client code runs
/// against real HTTP and real SSE frames. Each <c>POST /v1/messages</c> is recorded and answered by the next
/// <see cref="Enqueue">enqueued</see> reply, else by the <see cref="Responder"/>, else with a 400 saying nothing was scripted.
/// </summary>
/// <remarks>
/// Thread-safe: requests from many sessions may arrive at once. With concurrent sessions prefer a
/// <see cref="Responder"/> that answers from what the request contains, since queued replies go to whichever request
/// comes first.
/// </remarks>
public sealed class FakeAnthropicServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeAnthropicServerOptions _options;
    private readonly ConcurrentQueue<FakeReply> _queue = new();
    private readonly Lock _lock = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(int Index, TaskCompletionSource<RecordedRequest> Waiter)> _waiters = [];
    private readonly CancellationTokenSource _stopping = new();
    private int _requestCount;
    private int _messagesRequests;

    private FakeAnthropicServer(WebApplication app, FakeAnthropicServerOptions options)
    {
        _app = app;
        _options = options;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:40123</c> (what <c>ANTHROPIC_BASE_URL</c> would hold).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Answers requests when no enqueued reply is left; called on request threads, possibly concurrently.</summary>
    public Func<RecordedRequest, FakeReply>? Responder { get; set; }

    /// <summary>How many requests arrived so far (recorded or not).</summary>
    public int RequestCount => Volatile.Read(ref _requestCount);

    /// <summary>Enqueued replies not yet used.</summary>
    public int PendingReplies => _queue.Count;

    /// <summary>The requests received so far, in arrival order (empty when recording is off).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeAnthropicServer> StartAsync(FakeAnthropicServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeAnthropicServerOptions();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
        });
        var app = builder.Build();
        var server = new FakeAnthropicServer(app, options);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken);
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>Adds replies for the next requests, first in first out.</summary>
    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _queue.Enqueue(reply);
        }
    }

    /// <summary>Waits for the request with the given <see cref="RecordedRequest.Index"/> to arrive (0 is the first).</summary>
    public Task<RecordedRequest> WaitForRequestAsync(int index, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (index < _messagesRequests)
            {
                return _options.RecordRequests
                    ? Task.FromResult(_requests[index])
                    : throw new InvalidOperationException($"Request #{index} has passed and recording is off.");
            }

            var waiter = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((index, waiter));
            return waiter.Task.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Held and delayed replies end now instead of keeping the shutdown waiting.
        await _stopping.CancelAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var receivedTimestamp = _options.TimeProvider.GetTimestamp();
        var receivedAt = _options.TimeProvider.GetUtcNow();
        var requestId = $"fake_{Interlocked.Increment(ref _requestCount):D6}";
        if (context.Request.Path != "/v1/messages" || !HttpMethods.IsPost(context.Request.Method))
        {
            await WriteAsync(context, FakeReply.Error(404, "not_found_error", $"Not found: {context.Request.Method} {context.Request.Path}"), null, requestId);
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        JsonObject? body;
        try
        {
            body = JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) as JsonObject;
        }
        catch (JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            await WriteAsync(context, FakeReply.Error(400, "invalid_request_error", "The request body is not a JSON object."), null, requestId);
            return;
        }

        var request = Record(body, (int)buffer.Length, context.Request.Headers, receivedAt, receivedTimestamp);
        using var disconnected = context.RequestAborted.Register(request.MarkDisconnected);
        try
        {
            var reply = FakeRequestValidator.CheckAuth(request, _options.ApiKey)
                ?? (_options.Validate ? FakeRequestValidator.CheckBody(body) : null)
                ?? NextReply(request);
            await WriteAsync(context, reply, request, requestId);
        }
        finally
        {
            request.MarkFinished();
        }
    }

    private async Task WriteAsync(HttpContext context, FakeReply reply, RecordedRequest? request, string requestId)
    {
        request ??= new RecordedRequest(-1, [], 0, new Dictionary<string, string>(), default, 0);
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        try
        {
            await new FakeReplyWriter(context, reply, request, "msg_" + requestId, _options).WriteAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            // The client went away (an interrupt) or the server is stopping: the connection is done either way.
            if (!_stopping.IsCancellationRequested)
            {
                request.MarkDisconnected();
            }

            context.Abort();
        }
    }

    private FakeReply NextReply(RecordedRequest request)
    {
        if (_queue.TryDequeue(out var reply))
        {
            return reply;
        }

        if (Responder is { } responder)
        {
            try
            {
                return responder(request);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return FakeReply.Error(400, "invalid_request_error", $"FakeAnthropicServer: the responder threw {ex.GetType().Name}: {ex.Message}");
            }
        }

        return FakeReply.Error(400, "invalid_request_error", $"FakeAnthropicServer: no reply scripted for request #{request.Index}.");
    }

    private RecordedRequest Record(JsonObject body, int bodyBytes, IHeaderDictionary headers, DateTimeOffset receivedAt, long receivedTimestamp)
    {
        var headerCopy = new Dictionary<string, string>(headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            headerCopy[name.ToLowerInvariant()] = value.ToString();
        }

        List<TaskCompletionSource<RecordedRequest>>? ready = null;
        RecordedRequest request;
        lock (_lock)
        {
            var index = _messagesRequests++;
            request = new RecordedRequest(index, body, bodyBytes, headerCopy, receivedAt, receivedTimestamp);
            if (_options.RecordRequests)
            {
                _requests.Add(request);
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Index == index)
                {
                    (ready ??= []).Add(_waiters[i].Waiter);
                    _waiters.RemoveAt(i);
                }
            }
        }

        ready?.ForEach(waiter => waiter.TrySetResult(request));
        return request;
    }
}
