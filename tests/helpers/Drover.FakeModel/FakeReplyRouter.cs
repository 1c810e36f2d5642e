using System.Collections.Concurrent;

namespace Drover.FakeModel;

/// <summary>
/// Scripted replies per conversation for tests that run many sessions at once, whose requests interleave: each
/// request is routed by a key taken from its content (say, a marker in the first user message), and gets the next
/// reply queued for that key, else <see cref="Fallback"/>. Install with <c>server.Responder = router.Respond</c>.
/// </summary>
public sealed class FakeReplyRouter(Func<RecordedRequest, string?> key)
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeReply>> _queues = new(StringComparer.Ordinal);

    /// <summary>Answers requests whose key has nothing queued; null gives a 400 saying so.</summary>
    public Func<RecordedRequest, FakeReply>? Fallback { get; set; }

    public void Enqueue(string conversation, params FakeReply[] replies)
    {
        var queue = _queues.GetOrAdd(conversation, _ => new ConcurrentQueue<FakeReply>());
        foreach (var reply in replies)
        {
            queue.Enqueue(reply);
        }
    }

    public FakeReply Respond(RecordedRequest request)
    {
        var conversation = key(request);
        if (conversation is not null && _queues.TryGetValue(conversation, out var queue) && queue.TryDequeue(out var reply))
        {
            return reply;
        }

        return Fallback?.Invoke(request)
            ?? FakeReply.Error(400, "invalid_request_error", $"FakeReplyRouter: no reply scripted for conversation '{conversation}'.");
    }
}
