using System.Text.Json;
using Drover.Events;

namespace Drover.Tests.Events;

public sealed class PreviewFrameTests
{
    [Fact]
    public void Event_start_round_trips()
    {
        const string json = """{"type":"event_start","event":{"type":"agent.message","id":"sevt_01JRXC0000000000000000001"}}""";

        var frame = JsonSerializer.Deserialize(json, DroverJsonContext.Default.EventStartFrame)!;

        Assert.Equal("agent.message", frame.Event.Type);
        JsonAssert.Equivalent(json, JsonSerializer.Serialize(frame, DroverJsonContext.Default.EventStartFrame));
    }

    [Fact]
    public void Event_delta_round_trips_with_its_text_fragment()
    {
        const string json = """
            {"type":"event_delta","event_id":"sevt_01JRXC0000000000000000001","delta":{"type":"content_delta","index":0,"content":{"type":"text","text":"Hel"}}}
            """;

        var frame = JsonSerializer.Deserialize(json, DroverJsonContext.Default.EventDeltaFrame)!;

        Assert.Equal("Hel", Assert.IsType<TextBlock>(frame.Delta.Content).Text);
        Assert.Null(frame.ExtensionData);
        JsonAssert.Equivalent(json, JsonSerializer.Serialize(frame, DroverJsonContext.Default.EventDeltaFrame));
    }

    [Fact]
    public void Delta_without_index_omits_it()
    {
        var frame = new EventDeltaFrame { EventId = "sevt_1", Delta = new ContentDelta { Content = new TextBlock("lo") } };

        JsonAssert.Equivalent(
            """{"type":"event_delta","event_id":"sevt_1","delta":{"type":"content_delta","content":{"type":"text","text":"lo"}}}""",
            JsonSerializer.Serialize(frame, DroverJsonContext.Default.EventDeltaFrame));
    }
}
