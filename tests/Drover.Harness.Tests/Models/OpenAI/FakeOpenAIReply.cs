using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Drover.Harness.Tests.Models.OpenAI;

/// <summary>A scripted answer of <see cref="FakeOpenAIServer"/>: a stream of chunks, an error status, or a stall.</summary>
internal sealed class FakeOpenAIReply
{
    private readonly Func<HttpResponse, CancellationToken, Task> _play;
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeOpenAIReply(Func<HttpResponse, CancellationToken, Task> play) => _play = play;

    /// <summary>Completes when the client went away while this reply was stalled.</summary>
    public Task Aborted => _aborted.Task;

    /// <summary>Streams the chunks as <c>data:</c> frames, then <c>data: [DONE]</c>.</summary>
    public static FakeOpenAIReply Stream(params JsonObject[] chunks) => new(async (response, cancellationToken) =>
    {
        await WriteChunksAsync(response, chunks, cancellationToken);
        await response.WriteAsync("data: [DONE]\n\n", cancellationToken);
    });

    /// <summary>Answers with a status, a JSON body and headers, as servers do before any stream starts.</summary>
    public static FakeOpenAIReply Error(int status, string body, params (string Name, string Value)[] headers) => new(async (response, cancellationToken) =>
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        foreach (var (name, value) in headers)
        {
            response.Headers[name] = value;
        }

        await response.WriteAsync(body, cancellationToken);
    });

    /// <summary>Streams the chunks (none: not even the headers) and then says nothing until the client goes away.</summary>
    public static FakeOpenAIReply Stall(params JsonObject[] chunks)
    {
        FakeOpenAIReply? reply = null;
        reply = new(async (response, cancellationToken) =>
        {
            if (chunks.Length > 0)
            {
                await WriteChunksAsync(response, chunks, cancellationToken);
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                reply!._aborted.TrySetResult();
            }
        });
        return reply;
    }

    public Task PlayAsync(HttpResponse response, CancellationToken cancellationToken) => _play(response, cancellationToken);

    private static async Task WriteChunksAsync(HttpResponse response, JsonObject[] chunks, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        foreach (var chunk in chunks)
        {
            await response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", cancellationToken);
            await response.Body.FlushAsync(cancellationToken);
        }
    }
}
