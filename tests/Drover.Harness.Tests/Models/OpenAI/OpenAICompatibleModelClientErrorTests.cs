using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Drover.Harness.Models;
using Drover.Harness.Models.OpenAI;
using static Drover.Harness.Tests.Models.OpenAI.FakeOpenAIChunks;
using static Drover.Harness.Tests.Models.OpenAI.OpenAITestRequests;

namespace Drover.Harness.Tests.Models.OpenAI;

/// <summary>How <see cref="OpenAICompatibleModelClient"/> fails: each failure a <see cref="ModelException"/> that says whether to retry and what to set.</summary>
public sealed class OpenAICompatibleModelClientErrorTests : IAsyncLifetime
{
    private FakeOpenAIServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeOpenAIServer.StartAsync(Ct);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Rate_limiting_is_transient_and_carries_retry_after()
    {
        _server.Enqueue(FakeOpenAIReply.Error(429, """{"error":{"message":"Rate limit reached for requests","type":"requests"}}""", ("retry-after", "7")));
        using var client = ClientFor(_server);

        var error = await Assert.ThrowsAsync<ModelException>(() => CollectAsync(client, Hello(), Ct));

        Assert.Equal(("model_rate_limited_error", true), (error.ErrorType, error.Transient));
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Contains("Rate limit reached for requests", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task Server_errors_are_transient_name_the_base_url_and_are_not_retried_by_the_sdk(int status)
    {
        _server.Enqueue(FakeOpenAIReply.Error(status, """{"error":{"message":"upstream exploded"}}"""));
        using var client = ClientFor(_server);

        var error = await Assert.ThrowsAsync<ModelException>(() => CollectAsync(client, Hello(), Ct));

        Assert.Equal(("model_request_failed_error", true), (error.ErrorType, error.Transient));
        Assert.Contains(_server.BaseUrl.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Contains("upstream exploded", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Theory]
    [InlineData(401, null, "set Models:OpenAI:fake:ApiKey")]
    [InlineData(403, "sk-wrong", "Check Models:OpenAI:fake:ApiKey")]
    public async Task A_refused_key_is_not_transient_and_names_the_key_to_set(int status, string? apiKey, string advice)
    {
        _server.Enqueue(FakeOpenAIReply.Error(status, """{"error":{"message":"Incorrect API key provided"}}"""));
        using var client = ClientFor(_server, apiKey);

        var error = await Assert.ThrowsAsync<ModelException>(() => CollectAsync(client, Hello(), Ct));

        Assert.Equal(("model_request_failed_error", false), (error.ErrorType, error.Transient));
        Assert.Contains(advice, error.Message, StringComparison.Ordinal);
        Assert.Contains("Incorrect API key provided", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-wrong", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, """{"error":{"message":"model \"llama9\" not found, try pulling it first","type":"api_error"}}""", "model \"llama9\" not found")]
    [InlineData(400, """{"error":"messages: content must be a string"}""", "messages: content must be a string")]
    [InlineData(422, "plain text complaint", "plain text complaint")]
    public async Task Client_errors_are_not_transient_and_carry_the_endpoints_message(int status, string body, string said)
    {
        _server.Enqueue(FakeOpenAIReply.Error(status, body));
        using var client = ClientFor(_server);

        var error = await Assert.ThrowsAsync<ModelException>(() => CollectAsync(client, Hello("llama9"), Ct));

        Assert.Equal(("model_request_failed_error", false), (error.ErrorType, error.Transient));
        Assert.Contains(said, error.Message, StringComparison.Ordinal);
        Assert.Contains("'llama9'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_closed_port_is_a_transient_failure_naming_the_base_url()
    {
        using var client = new OpenAICompatibleModelClient(new OpenAIEndpointOptions { Name = "gone", BaseUrl = $"http://127.0.0.1:{ClosedPort()}/v1" });

        var error = await Assert.ThrowsAsync<ModelException>(() => CollectAsync(client, Hello(), Ct));

        Assert.Equal(("model_request_failed_error", true), (error.ErrorType, error.Transient));
        Assert.Contains(client.Endpoint.BaseUrl, error.Message, StringComparison.Ordinal);
        Assert.Contains("could not be reached", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_that_never_answers_times_out_as_a_transient_failure()
    {
        var stall = FakeOpenAIReply.Stall();
        _server.Enqueue(stall);
        using var client = ClientFor(_server, timeout: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<ModelException>(() => CollectAsync(client, Hello(), Ct));

        Assert.Equal(("model_request_failed_error", true), (error.ErrorType, error.Transient));
        Assert.Contains("did not answer within", error.Message, StringComparison.Ordinal);
        await stall.Aborted.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task A_stream_that_stalls_midway_times_out_as_a_transient_failure()
    {
        _server.Enqueue(FakeOpenAIReply.Stall(Text("partial")));
        using var client = ClientFor(_server, timeout: TimeSpan.FromMilliseconds(300));
        List<ModelStreamItem> items = [];

        var error = await Assert.ThrowsAsync<ModelException>(async () =>
        {
            await foreach (var item in client.StreamAsync(Hello(), Ct))
            {
                items.Add(item);
            }
        });

        Assert.True(error.Transient);
        Assert.Equal([new ModelTextDelta(0, "partial")], items);
    }

    /// <summary>Cancelling (an interrupt) ends the stream at once and the endpoint sees the request go away.</summary>
    [Fact]
    public async Task Cancelling_aborts_the_http_request_at_once()
    {
        var stall = FakeOpenAIReply.Stall(Text("thinking about it"));
        _server.Enqueue(stall);
        using var client = ClientFor(_server);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var stopwatch = new Stopwatch();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in client.StreamAsync(Hello(), interrupt.Token))
            {
                Assert.Equal(new ModelTextDelta(0, "thinking about it"), item);
                stopwatch.Start();
                await interrupt.CancelAsync();
            }
        });

        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));

        // Not drained for reuse (SocketsHttpHandler would wait up to 2 s): the connection closes and generation stops.
        await stall.Aborted.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
