using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Drover.Events;
using Drover.Events.Serialization;

namespace Drover.Tests.Events;

public sealed class SessionEventJsonTests
{
    public static TheoryData<string> Types => EventSamples.Types;

    [Theory]
    [MemberData(nameof(Types))]
    public void Every_event_type_round_trips_unchanged(string type)
    {
        var json = EventSamples.ByType[type];

        var read = SessionEventJson.Deserialize(json);

        Assert.IsNotType<UnknownSessionEvent>(read);
        Assert.Equal(type, read.Type);
        Assert.Null(read.ExtensionData);
        JsonAssert.Equivalent(json, SessionEventJson.Serialize(read));
    }

    /// <summary>Every nested object gets a member this version does not know; all of them must come back.</summary>
    [Theory]
    [MemberData(nameof(Types))]
    public void Unknown_members_at_every_level_survive_a_round_trip(string type)
    {
        var node = JsonNode.Parse(EventSamples.ByType[type])!;
        AddUnknownMembers(node);
        var json = node.ToJsonString();

        var written = SessionEventJson.Serialize(SessionEventJson.Deserialize(json));

        JsonAssert.Equivalent(json, written);
    }

    [Fact]
    public void Samples_cover_every_event_type_and_every_type_has_a_record()
    {
        var constants = typeof(EventTypes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

        Assert.Equal(constants, EventSamples.ByType.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(constants, SessionEventConverter.KnownTypes.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_concrete_record_has_a_generated_contract()
    {
        Type[] bases = [typeof(SessionEvent), typeof(ContentBlock), typeof(SessionError)];
        var concrete = typeof(SessionEvent).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && bases.Any(b => b.IsAssignableFrom(t)))
            .ToList();

        Assert.True(concrete.Count > 50);
        Assert.All(concrete, t => Assert.NotNull(DroverJsonContext.Default.GetTypeInfo(t)));
        var events = concrete.Where(t => typeof(SessionEvent).IsAssignableFrom(t) && t != typeof(UnknownSessionEvent));
        Assert.All(events, t => Assert.Contains(t, SessionEventConverter.KnownTypes.Values));
    }

    [Fact]
    public void Written_event_starts_with_type_then_id()
    {
        var written = SessionEventJson.Serialize(SessionEventJson.Deserialize(EventSamples.ByType[EventTypes.AgentToolUse]));

        Assert.StartsWith("""{"type":"agent.tool_use","id":"sevt_""", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_event_type_keeps_its_type_and_members()
    {
        const string json = """
            {"type":"agent.future_thing","id":"sevt_01JRXA0000000000000000001","processed_at":"2026-04-01T12:00:00Z",
             "payload":{"nested":[1,"two",null,{"deep":true}]},"flag":false,"nothing":null}
            """;

        var read = Assert.IsType<UnknownSessionEvent>(SessionEventJson.Deserialize(json));

        Assert.Equal("agent.future_thing", read.Type);
        Assert.Equal("sevt_01JRXA0000000000000000001", read.Id);
        Assert.Equal(new DateTimeOffset(2026, 4, 1, 12, 0, 0, TimeSpan.Zero), read.ProcessedAt);
        Assert.Equal(["flag", "nothing", "payload"], read.ExtensionData!.Keys.Order(StringComparer.Ordinal));
        Assert.False(EventTypes.IsKnown(read.Type));
        JsonAssert.Equivalent(json, SessionEventJson.Serialize(read));
    }

    [Fact]
    public void Unknown_content_block_keeps_its_type_and_members()
    {
        const string json = """
            {"type":"agent.message","id":"sevt_01JRXA0000000000000000002","processed_at":"2026-04-01T12:00:00Z",
             "content":[{"type":"text","text":"Listen:"},{"type":"audio","source":{"type":"base64","media_type":"audio/wav","data":"UklGRg=="},"seconds":1.5}]}
            """;

        var read = Assert.IsType<AgentMessageEvent>(SessionEventJson.Deserialize(json));

        Assert.Equal("Listen:", Assert.IsType<TextBlock>(read.Content[0]).Text);
        var unknown = Assert.IsType<UnknownContentBlock>(read.Content[1]);
        Assert.Equal("audio", unknown.Type);
        Assert.Equal(["seconds", "source"], unknown.ExtensionData!.Keys.Order(StringComparer.Ordinal));
        JsonAssert.Equivalent(json, SessionEventJson.Serialize(read));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"user.message\"")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("""{"id":"sevt_x","processed_at":null}""")]
    [InlineData("""{"type":3}""")]
    [InlineData("""{"type":null}""")]
    [InlineData("""{"type":["user.message"]}""")]
    [InlineData("not json")]
    [InlineData("""{"type":"user.message","id":"sevt_x"}""")]
    [InlineData("""{"type":"user.message","content":[42]}""")]
    [InlineData("""{"type":"user.message","content":[{"text":"no type"}]}""")]
    [InlineData("""{"type":"session.error","error":{"type":"billing_error","message":"no retry status"}}""")]
    public void Malformed_input_throws_JsonException(string json)
    {
        Assert.ThrowsAny<JsonException>(() => SessionEventJson.Deserialize(json));
    }

    [Fact]
    public void Missing_type_error_names_the_member()
    {
        var ex = Assert.ThrowsAny<JsonException>(() => SessionEventJson.Deserialize("""{"id":"sevt_x"}"""));

        Assert.Contains("\"type\"", ex.Message, StringComparison.Ordinal);
    }

    private static void AddUnknownMembers(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                // Free-form members hold caller data, not our records; metadata values must stay strings.
                foreach (var (name, child) in obj.ToList())
                {
                    if (name is not ("metadata" or "input" or "agent"))
                    {
                        AddUnknownMembers(child);
                    }
                }

                obj["drover_future_member"] = new JsonObject { ["n"] = 1, ["list"] = new JsonArray("a", null, 2.5) };
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    AddUnknownMembers(item);
                }

                break;
        }
    }
}
