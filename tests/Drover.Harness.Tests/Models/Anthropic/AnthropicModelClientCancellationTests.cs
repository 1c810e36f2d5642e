using Drover.FakeModel;
using Drover.Harness.Models;
using static Drover.Harness.Tests.Models.Anthropic.AnthropicTestClient;

namespace Drover.Harness.Tests.Models.Anthropic;

/// <summary>Cancelling the token (an interrupt) ends the stream at once and aborts the HTTP request the server is serving.</summary>
public sealed class AnthropicModelClientCancellationTests : IAsyncLifetime
{
    private FakeAnthropicServer _server = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _server = await FakeAnthropicServer.StartAsync(cancellationToken: Ct);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Cancelling_mid_stream_throws_cancellation_and_the_server_sees_the_client_go()
    {
        var gate = new FakeGate();
        _server.Enqueue(FakeReply.Text("thinking out loud").Hold(gate).WithText("never sent"));
        using var client = For(_server);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var seen = new List<ModelStreamItem>();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var item in client.StreamAsync(Request(User("hi")), interrupt.Token))
            {
                seen.Add(item);
                if (item is ModelBlockCompleted)
                {
                    await interrupt.CancelAsync();
                }
            }
        });

        var request = Assert.Single(_server.Requests);
        await request.Disconnected.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.False(gate.IsReleased);
        Assert.Equal(new ModelText("thinking out loud"), Assert.Single(seen.OfType<ModelBlockCompleted>()).Block);
        Assert.DoesNotContain(seen, i => i is ModelCompleted);
    }

    [Fact]
    public async Task Cancelling_before_the_response_starts_aborts_the_request()
    {
        var gate = new FakeGate();
        _server.Enqueue(FakeReply.Text("late").HoldBeforeResponse(gate));
        using var client = For(_server);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var streaming = client.CollectAsync(Request(User("hi")), interrupt.Token);
        await gate.Reached.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await interrupt.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => streaming);
        await _server.Requests[0].Disconnected.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task Cancellation_is_not_turned_into_a_model_error()
    {
        var gate = new FakeGate();
        _server.Enqueue(FakeReply.Text("x").Hold(gate));
        using var client = For(_server);
        using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var thrown = await Record.ExceptionAsync(() => client.CollectAsync(Request(User("hi")), interrupt.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(thrown);
    }
}
