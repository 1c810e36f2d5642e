using System.Text.Json.Nodes;

namespace Drover.FakeModel;

/// <summary>
/// A request the fake received, as the client sent it: the parsed JSON body, the headers, and when it arrived.
/// <see cref="Disconnected"/> and <see cref="Finished"/> let a test observe an interrupt from the server's side.
/// </summary>
public sealed class RecordedRequest
{
    private readonly TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal RecordedRequest(int index, JsonObject body, int bodyBytes, IReadOnlyDictionary<string, string> headers, DateTimeOffset receivedAt, long receivedTimestamp)
    {
        Index = index;
        Body = body;
        BodyBytes = bodyBytes;
        Headers = headers;
        ReceivedAt = receivedAt;
        ReceivedTimestamp = receivedTimestamp;
    }

    /// <summary>0 for the first request this server received, counting every request in arrival order.</summary>
    public int Index { get; }

    /// <summary>The request body. Treat it as read-only: responders on other threads may read it too.</summary>
    public JsonObject Body { get; }

    /// <summary>The size of the body on the wire.</summary>
    public int BodyBytes { get; }

    /// <summary>Request headers by lower-case name (multiple values joined with a comma).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Arrival time from the server's <see cref="TimeProvider"/>.</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>Arrival as <see cref="TimeProvider.GetTimestamp"/> of the server's time provider (for latency measurements).</summary>
    public long ReceivedTimestamp { get; }

    /// <summary>Completes when the client went away (aborted the request) before the reply was finished.</summary>
    public Task Disconnected => _disconnected.Task;

    /// <summary>Completes when the server is done with this request: the reply was written, or the client went away.</summary>
    public Task Finished => _finished.Task;

    /// <summary>
    /// The key the client sent: <c>x-api-key</c>, or else the <c>Authorization: Bearer</c> token (the official C# SDK
    /// 13.x sends its <c>ApiKey</c> that way).
    /// </summary>
    public string? ApiKey =>
        Header("x-api-key") ?? (Header("authorization") is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth["Bearer ".Length..] : null);

    public string? Model => Body["model"]?.GetValue<string>();

    public bool Stream => Body["stream"]?.GetValue<bool>() ?? false;

    public JsonArray Messages => Body["messages"] as JsonArray ?? [];

    /// <summary>The <c>system</c> field: a string, an array of text blocks, or null.</summary>
    public JsonNode? System => Body["system"];

    public JsonArray Tools => Body["tools"] as JsonArray ?? [];

    /// <summary>The text of the last user message's last text block (or its string content); null when it has none (tool results only).</summary>
    public string? LastUserText => Messages.LastOrDefault(IsUser) is { } message ? TextOf(message) : null;

    /// <summary>The text of the first user message (a good key for telling concurrent conversations apart).</summary>
    public string? FirstUserText => Messages.FirstOrDefault(IsUser) is { } message ? TextOf(message) : null;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    private static bool IsUser(JsonNode? message) => message?["role"]?.GetValue<string>() == "user";

    private static string? TextOf(JsonNode message) => message["content"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray blocks => blocks.LastOrDefault(b => b?["type"]?.GetValue<string>() == "text")?["text"]?.GetValue<string>(),
        _ => null,
    };

    internal bool IsFinished => _finished.Task.IsCompleted;

    internal void MarkDisconnected()
    {
        if (!IsFinished)
        {
            _disconnected.TrySetResult();
        }
    }

    internal void MarkFinished() => _finished.TrySetResult();
}
