using System.Text.Json;
using Anthropic;
using Anthropic.Models.Beta.Sessions.Events;

namespace Drover.Server.Tests.Events;

/// <summary>The events endpoints driven by the official C# SDK, including its own SSE parser and paginator.</summary>
public sealed class SessionEventsSdkTests(DroverServerFixture server) : IClassFixture<DroverServerFixture>
{
    private static readonly Dictionary<string, JsonElement> s_none = [];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sent_user_message_is_echoed_with_a_server_id_and_queued()
    {
        var sessionId = await TestSessions.CreateAsync(server, Ct);
        var client = server.CreateSdkClient();

        var sent = await client.Beta.Sessions.Events.Send(sessionId, SendParams(sessionId, Message("hello")), Ct);

        var echoed = Json(Assert.Single(sent.Data!));
        Assert.Equal("user.message", echoed.GetProperty("type").GetString());
        Assert.StartsWith("sevt_", echoed.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, echoed.GetProperty("processed_at").ValueKind);
        Assert.Equal("hello", echoed.GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task List_pages_through_every_event_in_order_with_the_sdk_paginator()
    {
        var sessionId = await TestSessions.CreateAsync(server, Ct);
        var client = server.CreateSdkClient();
        for (var i = 0; i < 7; i++)
        {
            await client.Beta.Sessions.Events.Send(sessionId, SendParams(sessionId, Message($"m{i}")), Ct);
        }

        var page = await client.Beta.Sessions.Events.List(sessionId, EventListParams.FromRawUnchecked(s_none, Raw("""{"limit":3}"""), sessionId), Ct);
        var texts = new List<string>();
        await foreach (var e in page.Paginate(Ct))
        {
            texts.Add(Json(e).GetProperty("content")[0].GetProperty("text").GetString()!);
        }

        Assert.Equal(["m0", "m1", "m2", "m3", "m4", "m5", "m6"], texts);
    }

    [Fact]
    public async Task List_filters_by_type_and_orders_newest_first()
    {
        var sessionId = await TestSessions.CreateAsync(server, Ct);
        var client = server.CreateSdkClient();
        await client.Beta.Sessions.Events.Send(sessionId, SendParams(sessionId, Message("a"), """{"type":"user.interrupt"}""", Message("b")), Ct);

        var messages = await client.Beta.Sessions.Events.List(sessionId, EventListParams.FromRawUnchecked(s_none, Raw("""{"types":["user.message"],"order":"desc"}"""), sessionId), Ct);

        Assert.Equal(["b", "a"], messages.Items.Select(e => Json(e).GetProperty("content")[0].GetProperty("text").GetString()));
    }

    [Fact]
    public async Task List_filters_by_creation_time_bounds()
    {
        var sessionId = await TestSessions.CreateAsync(server, Ct);
        var client = server.CreateSdkClient();
        await client.Beta.Sessions.Events.Send(sessionId, SendParams(sessionId, Message("before")), Ct);

        // The bound lies strictly between the two appends: the delays only separate the clock readings.
        await Task.Delay(20, Ct);
        var bound = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await Task.Delay(20, Ct);
        await client.Beta.Sessions.Events.Send(sessionId, SendParams(sessionId, Message("after")), Ct);

        async Task<string[]> TextsAsync(string filter) =>
            [.. (await client.Beta.Sessions.Events.List(sessionId, EventListParams.FromRawUnchecked(s_none, Raw(filter), sessionId), Ct))
                .Items.Select(e => Json(e).GetProperty("content")[0].GetProperty("text").GetString()!)];

        Assert.Equal(["after"], await TextsAsync($$"""{"created_at[gte]":"{{bound}}"}"""));
        Assert.Equal(["after"], await TextsAsync($$"""{"created_at[gt]":"{{bound}}"}"""));
        Assert.Equal(["before"], await TextsAsync($$"""{"created_at[lt]":"{{bound}}"}"""));
        Assert.Equal(["before"], await TextsAsync($$"""{"created_at[lte]":"{{bound}}"}"""));
        Assert.Empty(await TextsAsync($$"""{"created_at[gt]":"{{bound}}","created_at[lt]":"{{bound}}"}"""));
    }

    [Fact]
    public async Task Sdk_stream_receives_events_sent_after_it_opened_with_the_ids_the_list_shows()
    {
        var sessionId = await TestSessions.CreateAsync(server, Ct);
        var client = server.CreateSdkClient();
        await client.Beta.Sessions.Events.Send(sessionId, SendParams(sessionId, Message("before the stream")), Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));

        await using var stream = client.Beta.Sessions.Events.StreamStreaming(sessionId, cancellationToken: cts.Token).GetAsyncEnumerator(cts.Token);
        var first = stream.MoveNextAsync().AsTask();

        // The stream has no replay: it starts when the server has it open, which the client cannot see, so keep
        // sending until one arrives.
        var sentIds = new Dictionary<string, string>();
        for (var i = 0; !first.IsCompleted; i++)
        {
            var sent = await client.Beta.Sessions.Events.Send(sessionId, SendParams(sessionId, Message($"live{i}")), Ct);
            sentIds[Json(sent.Data![0]).GetProperty("id").GetString()!] = $"live{i}";
            await Task.WhenAny(first, Task.Delay(100, Ct));
        }

        Assert.True(await first);
        var received = Json(stream.Current);
        var id = received.GetProperty("id").GetString()!;
        Assert.True(sentIds.ContainsKey(id), $"The stream delivered {id}, which was not sent while it was open.");
        Assert.Equal(sentIds[id], received.GetProperty("content")[0].GetProperty("text").GetString());
    }

    private static EventSendParams SendParams(string sessionId, params string[] events) =>
        EventSendParams.FromRawUnchecked(s_none, s_none, Raw($$"""{"events":[{{string.Join(",", events)}}]}"""), sessionId);

    private static string Message(string text) => $$"""{"type":"user.message","content":[{"type":"text","text":"{{text}}"}]}""";

    private static Dictionary<string, JsonElement> Raw(string json) => JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;

    private static JsonElement Json(object sdkValue) => JsonSerializer.SerializeToElement(sdkValue);
}
