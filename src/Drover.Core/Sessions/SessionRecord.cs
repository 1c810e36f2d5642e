namespace Drover.Sessions;

/// <summary>A session as the log knows it.</summary>
/// <param name="Id">The <c>sesn_</c> id.</param>
/// <param name="CreatedAt">When the log created it.</param>
/// <param name="LastSequence">The sequence of its newest event; 0 when it has none.</param>
/// <param name="LeaseEpoch">The fencing epoch of the newest lease; 0 when never leased.</param>
/// <param name="LeaseHolder">Who holds the lease, or <see langword="null"/> when released or never taken.</param>
/// <param name="LeaseExpiresAt">When the current lease lapses, if held.</param>
/// <param name="Data">The JSON object given at creation.</param>
public sealed record SessionRecord(
    string Id,
    DateTimeOffset CreatedAt,
    long LastSequence,
    long LeaseEpoch,
    string? LeaseHolder,
    DateTimeOffset? LeaseExpiresAt,
    string Data);
