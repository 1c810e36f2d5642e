namespace Drover.EndToEnd.Tests;

/// <summary>A session's stored row: its last sequence and its lease (holder <c>machine/pid/random#n</c>, null when released).</summary>
internal sealed record StoredSession(long LastSequence, long LeaseEpoch, string? LeaseHolder, DateTimeOffset? LeaseExpiresAt);
