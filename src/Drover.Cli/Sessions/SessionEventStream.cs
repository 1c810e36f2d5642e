using System.Net;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Drover.Cli.Client;

namespace Drover.Cli.Sessions;

/// <summary>
/// Follows a session's events over SSE and survives dropped connections: it reconnects with <c>Last-Event-ID</c> set to
/// the last sequence it saw, which Drover answers with exactly the events after it (no gap, no repeat). The SDK's stream
/// hides the frames' ids, so this reads the SSE itself. Refusals (4xx) end it; connection failures and 5xx are retried
/// with a capped back-off, reported through <c>onReconnect</c>. It ends when the session is deleted.
/// </summary>
internal sealed class SessionEventStream(HttpClient http, string sessionId, TimeProvider time)
{
    private static readonly TimeSpan s_firstDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_maxDelay = TimeSpan.FromSeconds(5);

    // A server that never answered is a wrong address, not a dropped connection: that fails at once.
    private bool _connected;

    /// <summary>The <c>id:</c> of the last event frame read; null until one arrives (or the start position given).</summary>
    public string? LastEventId { get; private set; }

    /// <summary>
    /// The frames from <paramref name="afterEventId"/> on (null: from now, "0": from the start of the log), pings left out.
    /// <paramref name="deltas"/> asks for live previews (<c>event_deltas[]</c>) of those event types.
    /// </summary>
    public async IAsyncEnumerable<StreamFrame> ReadAsync(
        string? afterEventId,
        IReadOnlyList<string> deltas,
        Action<string> onReconnect,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        LastEventId = afterEventId;
        var path = $"/v1/sessions/{Uri.EscapeDataString(sessionId)}/events/stream" + (deltas.Count == 0 ? "" : "?" + string.Join('&', deltas.Select(d => "event_deltas[]=" + Uri.EscapeDataString(d))));
        var delay = s_firstDelay;
        while (true)
        {
            var frames = OpenAsync(path, cancellationToken);
            string? failure = null;
            await using (var enumerator = frames.GetAsyncEnumerator(cancellationToken))
            {
                while (true)
                {
                    try
                    {
                        if (!await enumerator.MoveNextAsync())
                        {
                            failure = "the server closed the stream";
                            break;
                        }
                    }
                    catch (Exception ex) when (IsTransient(ex) && _connected && !cancellationToken.IsCancellationRequested)
                    {
                        failure = ex.GetBaseException().Message;
                        break;
                    }

                    var frame = enumerator.Current;
                    delay = s_firstDelay;
                    if (frame.Id is not null)
                    {
                        LastEventId = frame.Id;
                    }

                    yield return frame;
                    if (frame.Type == "session.deleted")
                    {
                        yield break;
                    }
                }
            }

            onReconnect($"{failure}; reconnecting in {delay.TotalSeconds:0.##} s after event {LastEventId ?? "(none)"}");
            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, s_maxDelay.Ticks));
        }
    }

    private async IAsyncEnumerable<StreamFrame> OpenAsync(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (LastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", LastEventId);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            throw new HttpRequestException($"the server answered {(int)response.StatusCode}", null, response.StatusCode);
        }

        await ApiResponse.EnsureSuccessAsync(response, cancellationToken);
        _connected = true;
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
        {
            if (item.EventType == "ping")
            {
                continue;
            }

            using var data = JsonDocument.Parse(item.Data);
            yield return new StreamFrame(item.EventType, data.RootElement.Clone(), string.IsNullOrEmpty(item.EventId) ? null : item.EventId);
        }
    }

    private static bool IsTransient(Exception exception) => exception is HttpRequestException or IOException or JsonException;
}
