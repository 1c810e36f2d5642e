using System.IO.Pipelines;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Drover.FakeModel;

/// <summary>Writes <c>event: name\ndata: {json}\n\n</c> frames straight into the response pipe, flushing each one.</summary>
internal sealed class SseFrameWriter(PipeWriter pipe, TimeSpan delayBetweenFrames, ClientDisconnectWatch watch) : IDisposable
{
    // The API escapes only what JSON requires; the default encoder would also escape quotes and non-ASCII as \uXXXX.
    private readonly Utf8JsonWriter _json = new(pipe, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    private bool _first = true;

    public async ValueTask WriteAsync(string eventName, Action<Utf8JsonWriter> writeData, CancellationToken cancellationToken)
    {
        if (!_first && delayBetweenFrames > TimeSpan.Zero)
        {
            await watch.DelayAsync(delayBetweenFrames, cancellationToken);
        }

        _first = false;
        WriteUtf8("event: ");
        WriteUtf8(eventName);
        WriteUtf8("\ndata: ");
        _json.Reset(pipe);
        writeData(_json);
        _json.Flush();
        WriteUtf8("\n\n");
        await pipe.FlushAsync(cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose() => _json.Dispose();

    private void WriteUtf8(string text)
    {
        var span = pipe.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        pipe.Advance(Encoding.UTF8.GetBytes(text, span));
    }
}
