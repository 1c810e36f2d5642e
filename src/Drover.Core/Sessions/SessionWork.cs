using System.Collections.Frozen;
using Drover.Events;

namespace Drover.Sessions;

/// <summary>Which events give a session work for the harness: appending one makes the session claimable (<see cref="ISessionLog.ClaimNextAsync"/>).</summary>
public static class SessionWork
{
    /// <summary>The client's inputs that the harness must act on.</summary>
    public static FrozenSet<string> WakeTypes { get; } = new[]
    {
        EventTypes.UserMessage,
        EventTypes.UserCustomToolResult,
        EventTypes.UserToolConfirmation,
        EventTypes.UserToolResult,
        EventTypes.UserInterrupt,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether any event of <paramref name="events"/> wakes the session.</summary>
    public static bool Wakes(IReadOnlyList<NewEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        for (var i = 0; i < events.Count; i++)
        {
            if (WakeTypes.Contains(events[i].Type))
            {
                return true;
            }
        }

        return false;
    }
}
