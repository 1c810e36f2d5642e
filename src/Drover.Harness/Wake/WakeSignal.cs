using System.Threading.Channels;

namespace Drover.Harness.Wake;

/// <summary>
/// In-process doorbell: the API rings it with a session id after appending an event that gives the session work,
/// so a worker of this instance claims it at once instead of at its next poll. Losing a ring costs only latency: the
/// work is recorded in the log and found by polling.
/// </summary>
public sealed class WakeSignal
{
    private readonly Channel<string> _rings = Channel.CreateBounded<string>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = false,
        SingleWriter = false,
    });

    /// <summary>Says that <paramref name="sessionId"/> may have work.</summary>
    public void Ring(string sessionId) => _rings.Writer.TryWrite(sessionId);

    internal ChannelReader<string> Rings => _rings.Reader;
}
