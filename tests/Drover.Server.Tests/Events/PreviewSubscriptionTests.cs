using System.Text;
using Drover.Events;
using Drover.Server.Events;
using Drover.Sessions;

namespace Drover.Server.Tests.Events;

/// <summary>The per-connection rules of live previews, driven through the hub as the harness drives it.</summary>
public sealed class PreviewSubscriptionTests
{
    private const string Session = "sesn_preview";

    [Fact]
    public void A_full_queue_sheds_the_rest_of_that_preview_so_the_client_sees_a_prefix_never_a_gap()
    {
        var hub = new EventPreviewHub();
        using var subscription = hub.Subscribe(Session, [EventTypes.AgentMessage]);
        hub.Start(Session, EventTypes.AgentMessage, "sevt_a", afterSequence: 1);
        for (var i = 0; i < PreviewSubscription.Capacity + 10; i++)
        {
            hub.Delta(Session, "sevt_a", 0, $"<{i}>");
        }

        // Room again: later deltas of the shed preview still do not go out (they would leave a hole in the text).
        var first = ReadAll(subscription, sentThrough: 1);
        hub.Delta(Session, "sevt_a", 0, "<late>");
        var text = string.Concat(first.Skip(1).Select(DeltaText)) + string.Concat(ReadAll(subscription, 1).Select(DeltaText));

        Assert.Contains("event_start", first[0], StringComparison.Ordinal);
        Assert.Equal(string.Concat(Enumerable.Range(0, PreviewSubscription.Capacity - 1).Select(i => $"<{i}>")), text);
    }

    [Fact]
    public void A_start_waits_for_its_request_span_and_nothing_of_an_id_goes_out_after_its_logged_event()
    {
        var hub = new EventPreviewHub();
        using var subscription = hub.Subscribe(Session, [EventTypes.AgentMessage]);
        hub.Start(Session, EventTypes.AgentMessage, "sevt_a", afterSequence: 5);
        hub.Start(Session, EventTypes.AgentMessage, "sevt_a", afterSequence: 5);
        hub.Delta(Session, "sevt_a", 0, "one");

        Assert.False(subscription.TryRead(4, out _, out var waiting));
        Assert.True(waiting);
        var frames = ReadAll(subscription, 5);
        Assert.Equal(2, frames.Count); // one start (the repeat is dropped), one delta
        Assert.Equal("one", DeltaText(frames[1]));

        subscription.Logged(new StoredEvent(Session, 6, "sevt_a", EventTypes.AgentMessage, DateTimeOffset.UnixEpoch, "{}"));
        hub.Delta(Session, "sevt_a", 0, "late");
        Assert.Empty(ReadAll(subscription, 6));

        // A delta whose start this connection never got is not sent either.
        hub.Delta(Session, "sevt_b", 0, "orphan");
        Assert.Empty(ReadAll(subscription, 6));
    }

    [Fact]
    public void Only_asked_for_types_are_delivered_and_a_closed_stream_stops_listening()
    {
        var hub = new EventPreviewHub();
        var thinking = hub.Subscribe(Session, [EventTypes.AgentThinking]);
        hub.Start(Session, EventTypes.AgentMessage, "sevt_m", 0);
        hub.Delta(Session, "sevt_m", 0, "text");
        hub.Start(Session, EventTypes.AgentThinking, "sevt_t", 0);

        var frames = ReadAll(thinking, 0);
        Assert.Contains("\"agent.thinking\"", Assert.Single(frames), StringComparison.Ordinal);
        Assert.True(hub.HasListeners(Session));
        thinking.Dispose();
        Assert.False(hub.HasListeners(Session));
    }

    private static List<string> ReadAll(PreviewSubscription subscription, long sentThrough)
    {
        var frames = new List<string>();
        while (subscription.TryRead(sentThrough, out var frame, out _))
        {
            var text = Encoding.UTF8.GetString(frame);
            Assert.DoesNotContain("\nid:", text, StringComparison.Ordinal);
            frames.Add(text);
        }

        return frames;
    }

    private static string DeltaText(string frame)
    {
        var data = frame.Split('\n').Single(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];
        return System.Text.Json.JsonDocument.Parse(data).RootElement.GetProperty("delta").GetProperty("content").GetProperty("text").GetString()!;
    }
}
