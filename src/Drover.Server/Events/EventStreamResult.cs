namespace Drover.Server.Events;

/// <summary>
/// Writes pre-encoded SSE frames straight to the response. Used instead of <c>TypedResults.ServerSentEvents</c>
/// because that formats every item for every subscriber, which dominated the cost of fanning one event out to a
/// thousand streams (docs/benchmarks.md).
/// </summary>
internal sealed class EventStreamResult(IAsyncEnumerable<byte[]> frames, CancellationToken stopping) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        var body = response.BodyWriter;

        // Send the headers now: clients (the SDKs included) wait for them before they read, and the first frame
        // may be a heartbeat interval away.
        await response.StartAsync(httpContext.RequestAborted);
        await body.FlushAsync(httpContext.RequestAborted);
        try
        {
            await foreach (var frame in frames)
            {
                var result = await body.WriteAsync(frame, httpContext.RequestAborted);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The client left or the server is shutting down: the stream just ends.
        }
    }
}
