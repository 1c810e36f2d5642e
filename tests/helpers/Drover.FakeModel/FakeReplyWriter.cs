using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Drover.FakeModel;

/// <summary>Writes a <see cref="FakeReply"/> on the wire: an error envelope, an SSE stream, or a JSON message.</summary>
internal sealed class FakeReplyWriter(HttpContext context, FakeReply reply, RecordedRequest request, string messageId, FakeAnthropicServerOptions options)
{
    private readonly FakeUsage _usage = reply.Usage ?? EstimateUsage(reply, request);
    private readonly ClientDisconnectWatch _watch = new(context, options.TimeProvider, options.WatchDisconnects);

    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        if (reply.ResponseGate is { } responseGate)
        {
            await responseGate.ArriveAsync(_watch, cancellationToken);
        }

        if (reply.FirstFrameDelay > TimeSpan.Zero)
        {
            await _watch.DelayAsync(reply.FirstFrameDelay, cancellationToken);
        }

        var response = context.Response;
        response.Headers["request-id"] = "req_" + messageId;
        foreach (var (name, value) in reply.Headers)
        {
            response.Headers[name] = value;
        }

        if (reply.ErrorStatus is { } status)
        {
            response.StatusCode = status;
            await WriteJsonAsync(response, w => WriteError(w, reply.ErrorType!, reply.ErrorMessage!), cancellationToken);
        }
        else if (request.Stream)
        {
            await WriteStreamAsync(response, cancellationToken);
        }
        else
        {
            foreach (var (_, gate) in reply.Holds)
            {
                await gate.ArriveAsync(_watch, cancellationToken);
            }

            await WriteJsonAsync(response, WriteMessage, cancellationToken);
        }
    }

    private async Task WriteStreamAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.StatusCode = 200;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        using var sse = new SseFrameWriter(response.BodyWriter, reply.FrameDelay, _watch);

        await sse.WriteAsync("message_start", w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "message_start");
            w.WritePropertyName("message");
            WriteMessageHead(w, stopReason: null, outputTokens: 1);
            w.WriteStartArray("content");
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }, cancellationToken);

        if (options.Pings)
        {
            await sse.WriteAsync("ping", w => { w.WriteStartObject(); w.WriteString("type", "ping"); w.WriteEndObject(); }, cancellationToken);
        }

        for (var index = 0; index <= reply.Blocks.Count; index++)
        {
            foreach (var (afterBlocks, gate) in reply.Holds)
            {
                if (afterBlocks == index)
                {
                    await gate.ArriveAsync(_watch, cancellationToken);
                }
            }

            if (index < reply.Blocks.Count)
            {
                await WriteBlockAsync(sse, index, reply.Blocks[index], cancellationToken);
            }
        }

        if (reply.StreamError is { } error)
        {
            await sse.WriteAsync("error", w => WriteError(w, error.Type, error.Message), cancellationToken);
            return;
        }

        if (reply.DropsConnection)
        {
            // A moment for the frames to reach the client: an abort right away may reset the connection before it reads them.
            await _watch.DelayAsync(TimeSpan.FromMilliseconds(50), cancellationToken);
            context.Abort();
            return;
        }

        await sse.WriteAsync("message_delta", w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "message_delta");
            w.WriteStartObject("delta");
            w.WriteString("stop_reason", reply.ResolveStopReason());
            w.WriteNull("stop_sequence");
            w.WriteEndObject();
            // The API's message_delta usage is cumulative and carries the output count; input and cache counts come in message_start.
            w.WriteStartObject("usage");
            w.WriteNumber("output_tokens", _usage.OutputTokens);
            w.WriteEndObject();
            w.WriteEndObject();
        }, cancellationToken);
        await sse.WriteAsync("message_stop", w => { w.WriteStartObject(); w.WriteString("type", "message_stop"); w.WriteEndObject(); }, cancellationToken);
    }

    private async Task WriteBlockAsync(SseFrameWriter sse, int index, FakeBlock block, CancellationToken cancellationToken)
    {
        await sse.WriteAsync("content_block_start", w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "content_block_start");
            w.WriteNumber("index", index);
            w.WritePropertyName("content_block");
            WriteBlockHead(w, block);
            w.WriteEndObject();
        }, cancellationToken);

        var deltas = block switch
        {
            FakeTextBlock text => TextChunks.Split(text.Text, reply.Chunks).Select(c => ("text_delta", "text", c)),
            FakeThinkingBlock thinking => TextChunks.Split(thinking.Thinking, reply.Chunks).Select(c => ("thinking_delta", "thinking", c))
                .Append(("signature_delta", "signature", thinking.Signature)),
            // The API opens tool input with an empty partial_json before the real chunks.
            FakeToolUseBlock toolUse => TextChunks.Split(toolUse.InputJson, reply.Chunks).Prepend("").Select(c => ("input_json_delta", "partial_json", c)),
            _ => [],
        };

        foreach (var (type, property, value) in deltas)
        {
            await sse.WriteAsync("content_block_delta", w =>
            {
                w.WriteStartObject();
                w.WriteString("type", "content_block_delta");
                w.WriteNumber("index", index);
                w.WriteStartObject("delta");
                w.WriteString("type", type);
                w.WriteString(property, value);
                w.WriteEndObject();
                w.WriteEndObject();
            }, cancellationToken);
        }

        await sse.WriteAsync("content_block_stop", w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "content_block_stop");
            w.WriteNumber("index", index);
            w.WriteEndObject();
        }, cancellationToken);
    }

    /// <summary>The block as <c>content_block_start</c> announces it: content empty, to be filled by deltas.</summary>
    private static void WriteBlockHead(Utf8JsonWriter w, FakeBlock block)
    {
        w.WriteStartObject();
        switch (block)
        {
            case FakeTextBlock:
                w.WriteString("type", "text");
                w.WriteString("text", "");
                break;
            case FakeThinkingBlock:
                w.WriteString("type", "thinking");
                w.WriteString("thinking", "");
                w.WriteString("signature", "");
                break;
            case FakeRedactedThinkingBlock redacted:
                w.WriteString("type", "redacted_thinking");
                w.WriteString("data", redacted.Data);
                break;
            case FakeToolUseBlock toolUse:
                w.WriteString("type", "tool_use");
                w.WriteString("id", toolUse.Id);
                w.WriteString("name", toolUse.Name);
                w.WriteStartObject("input");
                w.WriteEndObject();
                break;
        }

        w.WriteEndObject();
    }

    private static void WriteFullBlock(Utf8JsonWriter w, FakeBlock block)
    {
        w.WriteStartObject();
        switch (block)
        {
            case FakeTextBlock text:
                w.WriteString("type", "text");
                w.WriteString("text", text.Text);
                break;
            case FakeThinkingBlock thinking:
                w.WriteString("type", "thinking");
                w.WriteString("thinking", thinking.Thinking);
                w.WriteString("signature", thinking.Signature);
                break;
            case FakeRedactedThinkingBlock redacted:
                w.WriteString("type", "redacted_thinking");
                w.WriteString("data", redacted.Data);
                break;
            case FakeToolUseBlock toolUse:
                w.WriteString("type", "tool_use");
                w.WriteString("id", toolUse.Id);
                w.WriteString("name", toolUse.Name);
                w.WritePropertyName("input");
                w.WriteRawValue(toolUse.InputJson);
                break;
        }

        w.WriteEndObject();
    }

    private void WriteMessage(Utf8JsonWriter w)
    {
        WriteMessageHead(w, reply.ResolveStopReason(), _usage.OutputTokens);
        w.WriteStartArray("content");
        foreach (var block in reply.Blocks)
        {
            WriteFullBlock(w, block);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Opens the message object and writes everything but <c>content</c>; the caller closes it.</summary>
    private void WriteMessageHead(Utf8JsonWriter w, string? stopReason, long outputTokens)
    {
        w.WriteStartObject();
        w.WriteString("id", messageId);
        w.WriteString("type", "message");
        w.WriteString("role", "assistant");
        w.WriteString("model", request.Model);
        w.WriteString("stop_reason", stopReason);
        w.WriteNull("stop_sequence");
        w.WriteStartObject("usage");
        w.WriteNumber("input_tokens", _usage.InputTokens);
        w.WriteNumber("cache_creation_input_tokens", _usage.CacheCreationInputTokens);
        w.WriteNumber("cache_read_input_tokens", _usage.CacheReadInputTokens);
        w.WriteNumber("output_tokens", outputTokens);
        w.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter w, string type, string message)
    {
        w.WriteStartObject();
        w.WriteString("type", "error");
        w.WriteStartObject("error");
        w.WriteString("type", type);
        w.WriteString("message", message);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static async Task WriteJsonAsync(HttpResponse response, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        response.ContentType = "application/json";
        using (var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    private static FakeUsage EstimateUsage(FakeReply reply, RecordedRequest request)
    {
        var outputChars = reply.Blocks.Sum(b => b switch
        {
            FakeTextBlock t => t.Text.Length,
            FakeThinkingBlock t => t.Thinking.Length,
            FakeToolUseBlock t => t.InputJson.Length + t.Name.Length,
            _ => 0,
        });
        return new FakeUsage(Math.Max(1, request.BodyBytes / 4), 1 + (outputChars / 4));
    }
}
