using System.Net;
using System.Net.Sockets;
using Drover.FakeModel;
using Drover.Harness.Models;
using Drover.Harness.Models.Anthropic;
using static Drover.Harness.Tests.Models.Anthropic.AnthropicTestClient;

namespace Drover.Harness.Tests.Models.Anthropic;

/// <summary>
/// Every way an Anthropic request fails becomes a <see cref="ModelException"/> with the right <c>session.error</c>
/// type, retryability and a message that says what to do; the SDK does not retry on its own.
/// </summary>
public sealed class AnthropicModelClientErrorTests : IAsyncLifetime
{
    private FakeAnthropicServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeAnthropicServer.StartAsync(cancellationToken: Ct);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Rate_limit_is_transient_with_the_retry_after_the_api_asked_for()
    {
        var error = await FailAsync(FakeReply.RateLimited(TimeSpan.FromSeconds(7)));

        Assert.Equal("model_rate_limited_error", error.ErrorType);
        Assert.True(error.Transient);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal(1, _server.RequestCount);
    }

    [Fact]
    public async Task Overloaded_is_transient()
    {
        var error = await FailAsync(FakeReply.Overloaded());

        Assert.Equal("model_overloaded_error", error.ErrorType);
        Assert.True(error.Transient);
        Assert.Null(error.RetryAfter);
        Assert.Equal(1, _server.RequestCount);
    }

    [Fact]
    public async Task Overloaded_mid_stream_is_transient_after_the_deltas_already_streamed()
    {
        _server.Enqueue(FakeReply.Text("partial answer").ThenStreamError("overloaded_error", "Overloaded"));
        using var client = For(_server);
        var items = new List<ModelStreamItem>();

        var error = await Assert.ThrowsAsync<ModelException>(async () =>
        {
            await foreach (var item in client.StreamAsync(Request(User("hi")), Ct))
            {
                items.Add(item);
            }
        });

        Assert.Equal("model_overloaded_error", error.ErrorType);
        Assert.True(error.Transient);
        Assert.Equal("partial answer", string.Concat(items.OfType<ModelTextDelta>().Select(d => d.Text)));
        Assert.DoesNotContain(items, i => i is ModelCompleted);
    }

    [Theory]
    [InlineData(500, "api_error")]
    [InlineData(502, "api_error")]
    [InlineData(503, "api_error")]
    [InlineData(504, "timeout_error")]
    public async Task Server_errors_are_transient_request_failures(int status, string type)
    {
        var error = await FailAsync(FakeReply.Error(status, type, "Internal server error"));

        Assert.Equal("model_request_failed_error", error.ErrorType);
        Assert.True(error.Transient);
        Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _server.RequestCount);
    }

    [Theory]
    [InlineData(400, "invalid_request_error", "messages.1.content.0: unexpected `tool_use_id`")]
    [InlineData(404, "not_found_error", "model: claude-nonexistent")]
    [InlineData(413, "request_too_large", "Request exceeds the maximum allowed number of bytes.")]
    public async Task Client_errors_are_not_transient_and_carry_the_api_message(int status, string type, string message)
    {
        var error = await FailAsync(FakeReply.Error(status, type, message));

        Assert.Equal("model_request_failed_error", error.ErrorType);
        Assert.False(error.Transient);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(401, "authentication_error")]
    [InlineData(403, "permission_error")]
    public async Task Refused_credentials_say_to_check_the_api_key(int status, string type)
    {
        var error = await FailAsync(FakeReply.Error(status, type, "invalid x-api-key"));

        Assert.False(error.Transient);
        Assert.Contains("ANTHROPIC_API_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_key_refused_by_the_server_says_to_check_the_api_key()
    {
        await using var strict = await FakeAnthropicServer.StartAsync(new FakeAnthropicServerOptions { ApiKey = "sk-the-right-one" }, Ct);
        using var client = For(strict);

        var error = await Assert.ThrowsAsync<ModelException>(() => client.CollectAsync(Request(User("hi")), Ct));

        Assert.False(error.Transient);
        Assert.Contains("ANTHROPIC_API_KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_key_says_to_set_it_and_sends_nothing()
    {
        using var client = new AnthropicModelClient(new AnthropicModelOptions { ApiKey = null, BaseUrl = _server.BaseUrl });

        var error = await Assert.ThrowsAsync<ModelException>(() => client.CollectAsync(Request(User("hi")), Ct));

        Assert.Equal("model_request_failed_error", error.ErrorType);
        Assert.False(error.Transient);
        Assert.Contains("set ANTHROPIC_API_KEY", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.RequestCount);
    }

    [Fact]
    public async Task A_malformed_base_url_says_which_setting_is_wrong()
    {
        using var client = new AnthropicModelClient(new AnthropicModelOptions { ApiKey = ApiKey, BaseUrl = "api.anthropic.com" });

        var error = await Assert.ThrowsAsync<ModelException>(() => client.CollectAsync(Request(User("hi")), Ct));

        Assert.False(error.Transient);
        Assert.Contains("ANTHROPIC_BASE_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_transient_and_names_the_base_url()
    {
        var closedPort = ClosedLoopbackPort();
        var baseUrl = $"http://127.0.0.1:{closedPort}";
        using var client = new AnthropicModelClient(new AnthropicModelOptions { ApiKey = ApiKey, BaseUrl = baseUrl });

        var error = await Assert.ThrowsAsync<ModelException>(() => client.CollectAsync(Request(User("hi")), Ct));

        Assert.Equal("model_request_failed_error", error.ErrorType);
        Assert.True(error.Transient);
        Assert.Contains(baseUrl, error.Message, StringComparison.Ordinal);
        Assert.Contains("ANTHROPIC_BASE_URL", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_dropped_mid_stream_is_transient()
    {
        var error = await FailAsync(FakeReply.Text("half an ans").ThenDropConnection());

        Assert.Equal("model_request_failed_error", error.ErrorType);
        Assert.True(error.Transient);
    }

    [Fact]
    public async Task No_answer_within_the_timeout_is_transient()
    {
        _server.Enqueue(FakeReply.Text("too late").WithDelay(TimeSpan.FromSeconds(20)));
        using var client = For(_server, timeout: TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<ModelException>(() => client.CollectAsync(Request(User("hi")), Ct));

        Assert.Equal("model_request_failed_error", error.ErrorType);
        Assert.True(error.Transient);
        Assert.Contains("did not answer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_that_stalls_past_the_timeout_is_cut_and_transient()
    {
        var gate = new FakeGate();
        _server.Enqueue(FakeReply.Text("begun").Hold(gate));
        using var client = For(_server, timeout: TimeSpan.FromSeconds(1));

        var error = await Assert.ThrowsAsync<ModelException>(() => client.CollectAsync(Request(User("hi")), Ct));

        Assert.True(error.Transient);
        Assert.Contains("stopped streaming", error.Message, StringComparison.Ordinal);
        await _server.Requests[0].Disconnected.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task A_slow_stream_that_keeps_coming_is_not_cut_by_the_timeout()
    {
        // Eleven frames 100 ms apart: the whole answer takes longer than the timeout, no gap comes near it.
        _server.Enqueue(FakeReply.Text("one two three four five").WithChunks(5).WithDelay(TimeSpan.Zero, TimeSpan.FromMilliseconds(100)));
        using var client = For(_server, timeout: TimeSpan.FromMilliseconds(600));
        var started = TimeProvider.System.GetTimestamp();

        var items = await client.CollectAsync(Request(User("hi")), Ct);

        Assert.IsType<ModelCompleted>(items[^1]);
        Assert.True(TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromMilliseconds(600));
    }

    private async Task<ModelException> FailAsync(FakeReply reply)
    {
        _server.Enqueue(reply);
        using var client = For(_server);
        return await Assert.ThrowsAsync<ModelException>(() => client.CollectAsync(Request(User("hi")), Ct));
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
