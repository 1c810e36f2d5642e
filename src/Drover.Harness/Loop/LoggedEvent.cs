using Drover.Events;

namespace Drover.Harness.Loop;

/// <summary>An event of the log, parsed, with its place in it.</summary>
internal sealed record LoggedEvent(long Sequence, DateTimeOffset AppendedAt, SessionEvent Event);
