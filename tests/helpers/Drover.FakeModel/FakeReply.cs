using System.Text.Json;

namespace Drover.FakeModel;

/// <summary>
/// What the fake model answers to one request: content blocks streamed with the real frames, or an error reply.
/// Build with the static starters and chain the <c>With...</c> methods; a built reply is read-only in practice and may
/// be returned by a responder for many requests.
/// </summary>
/// <example>
/// <code>
/// server.Enqueue(FakeReply.Message().WithThinking("hmm", "sig-1").WithToolUse("bash", """{"command":"ls"}"""));
/// server.Enqueue(FakeReply.Text("done").WithUsage(new FakeUsage(10, 3, CacheReadInputTokens: 50)));
/// server.Enqueue(FakeReply.Error(429, "rate_limit_error", "slow down").WithRetryAfter(TimeSpan.FromSeconds(2)));
/// </code>
/// </example>
public sealed class FakeReply
{
    private static long s_toolUseIds;

    private readonly List<FakeBlock> _blocks = [];
    private readonly List<(int AfterBlocks, FakeGate Gate)> _holds = [];
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    private FakeReply(int? errorStatus, string? errorType, string? errorMessage)
    {
        ErrorStatus = errorStatus;
        ErrorType = errorType;
        ErrorMessage = errorMessage;
    }

    internal IReadOnlyList<FakeBlock> Blocks => _blocks;

    internal IReadOnlyList<(int AfterBlocks, FakeGate Gate)> Holds => _holds;

    internal IReadOnlyDictionary<string, string> Headers => _headers;

    internal int? ErrorStatus { get; }

    internal string? ErrorType { get; }

    internal string? ErrorMessage { get; }

    internal string? StopReason { get; private set; }

    internal FakeUsage? Usage { get; private set; }

    internal TimeSpan FirstFrameDelay { get; private set; }

    internal TimeSpan FrameDelay { get; private set; }

    internal FakeGate? ResponseGate { get; private set; }

    internal (string Type, string Message)? StreamError { get; private set; }

    internal bool DropsConnection { get; private set; }

    internal int Chunks { get; private set; } = 3;

    /// <summary>An empty assistant message; add blocks with the <c>With...</c> methods.</summary>
    public static FakeReply Message() => new(null, null, null);

    /// <summary>A message with one text block.</summary>
    public static FakeReply Text(string text) => Message().WithText(text);

    /// <summary>A message with one tool call (stop reason <c>tool_use</c>).</summary>
    public static FakeReply ToolUse(string name, string inputJson, string? id = null) => Message().WithToolUse(name, inputJson, id);

    /// <summary>An HTTP error reply with the Anthropic error envelope (<c>{"type":"error","error":{type,message}}</c>).</summary>
    public static FakeReply Error(int status, string type, string message) => new(status, type, message);

    /// <summary>429 <c>rate_limit_error</c>, with a <c>retry-after</c> header when given.</summary>
    public static FakeReply RateLimited(TimeSpan? retryAfter = null)
    {
        var reply = Error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit");
        return retryAfter is { } wait ? reply.WithRetryAfter(wait) : reply;
    }

    /// <summary>529 <c>overloaded_error</c>.</summary>
    public static FakeReply Overloaded() => Error(529, "overloaded_error", "Overloaded");

    public FakeReply WithText(string text) => Add(new FakeTextBlock(text));

    /// <summary>A thinking block; <paramref name="signature"/> is sent as a <c>signature_delta</c> before the block stops.</summary>
    public FakeReply WithThinking(string thinking, string signature) => Add(new FakeThinkingBlock(thinking, signature));

    public FakeReply WithRedactedThinking(string data) => Add(new FakeRedactedThinkingBlock(data));

    /// <summary>A tool call; <paramref name="inputJson"/> (a JSON object) is streamed as several <c>input_json_delta</c> chunks.</summary>
    public FakeReply WithToolUse(string name, string inputJson, string? id = null)
    {
        using (var document = JsonDocument.Parse(inputJson))
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("Tool input must be a JSON object.", nameof(inputJson));
            }
        }

        return Add(new FakeToolUseBlock(id ?? $"toolu_fake_{Interlocked.Increment(ref s_toolUseIds):D6}", name, inputJson));
    }

    /// <summary>The stop reason; by default <c>tool_use</c> when the reply calls a tool, else <c>end_turn</c>.</summary>
    public FakeReply WithStopReason(string stopReason)
    {
        StopReason = stopReason;
        return this;
    }

    /// <summary>The usage to report; by default input is estimated from the request size and output from the content.</summary>
    public FakeReply WithUsage(FakeUsage usage)
    {
        Usage = usage;
        return this;
    }

    /// <summary>Waits <paramref name="beforeFirstFrame"/> before answering at all, and <paramref name="betweenFrames"/> between SSE frames.</summary>
    public FakeReply WithDelay(TimeSpan beforeFirstFrame, TimeSpan? betweenFrames = null)
    {
        FirstFrameDelay = beforeFirstFrame;
        FrameDelay = betweenFrames ?? TimeSpan.Zero;
        return this;
    }

    /// <summary>How many deltas each text, thinking and tool input is split into (at least 1; default 3).</summary>
    public FakeReply WithChunks(int chunks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunks, 1);
        Chunks = chunks;
        return this;
    }

    /// <summary>Adds a response header (error replies and streams alike).</summary>
    public FakeReply WithHeader(string name, string value)
    {
        _headers[name] = value;
        return this;
    }

    /// <summary>Sends <c>retry-after</c> in whole seconds, rounded up.</summary>
    public FakeReply WithRetryAfter(TimeSpan retryAfter) =>
        WithHeader("retry-after", ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Stops the stream at this point (after the blocks added so far; before any block: right after <c>message_start</c>)
    /// until <paramref name="gate"/> is released or the client goes away.
    /// </summary>
    public FakeReply Hold(FakeGate gate)
    {
        _holds.Add((_blocks.Count, gate));
        return this;
    }

    /// <summary>Holds the request before anything is sent (no status, no headers) until <paramref name="gate"/> is released.</summary>
    public FakeReply HoldBeforeResponse(FakeGate gate)
    {
        ResponseGate = gate;
        return this;
    }

    /// <summary>After the blocks, sends an SSE <c>error</c> event (as the API does for a mid-stream overload) instead of finishing.</summary>
    public FakeReply ThenStreamError(string type = "overloaded_error", string message = "Overloaded")
    {
        StreamError = (type, message);
        return this;
    }

    /// <summary>After the blocks, drops the connection without finishing the stream.</summary>
    public FakeReply ThenDropConnection()
    {
        DropsConnection = true;
        return this;
    }

    internal string ResolveStopReason() =>
        StopReason ?? (_blocks.Exists(b => b is FakeToolUseBlock) ? "tool_use" : "end_turn");

    private FakeReply Add(FakeBlock block)
    {
        if (ErrorStatus is not null)
        {
            throw new InvalidOperationException("An error reply has no content blocks.");
        }

        _blocks.Add(block);
        return this;
    }
}
